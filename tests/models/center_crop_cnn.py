# CenterCrop + Rescaling on images of any size, a small convnet, global average pooling, softmax.
# Source: https://github.com/keras-team/keras-io/blob/49a16b66a6b2bca17fc80c3776495ce0f131958e/guides/intro_to_keras_for_engineers.py
# (adapted: the functional chain as a Sequential model)


def build(keras, layers):
    CenterCrop, Rescaling = layers.CenterCrop, layers.Rescaling
    num_classes = 10

    model = keras.Sequential(
        [
            # Let's say we expect our inputs to be RGB images of arbitrary size
            keras.Input(shape=(None, None, 3)),
            # Center-crop images to 150x150
            CenterCrop(height=150, width=150),
            # Rescale images to [0, 1]
            Rescaling(scale=1.0 / 255),
            # Apply some convolution and pooling layers
            layers.Conv2D(filters=32, kernel_size=(3, 3), activation="relu"),
            layers.MaxPooling2D(pool_size=(3, 3)),
            layers.Conv2D(filters=32, kernel_size=(3, 3), activation="relu"),
            layers.MaxPooling2D(pool_size=(3, 3)),
            layers.Conv2D(filters=32, kernel_size=(3, 3), activation="relu"),
            # Apply global average pooling to get flat feature vectors
            layers.GlobalAveragePooling2D(),
            # Add a dense classifier on top
            layers.Dense(num_classes, activation="softmax"),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
        loss=keras.losses.CategoricalCrossentropy(),
    )
    return model
