# Small CIFAR-10 convnet: three Conv2D layers with max pooling, then a dense head.
# Source: https://www.tensorflow.org/tutorials/images/cnn
# (adapted: `input_shape=(32, 32, 3)` on the first Conv2D becomes `keras.Input(shape=(32, 32, 3))`)


def build(keras, layers):
    models = keras.models
    model = models.Sequential()
    model.add(keras.Input(shape=(32, 32, 3)))
    model.add(layers.Conv2D(32, (3, 3), activation="relu"))
    model.add(layers.MaxPooling2D((2, 2)))
    model.add(layers.Conv2D(64, (3, 3), activation="relu"))
    model.add(layers.MaxPooling2D((2, 2)))
    model.add(layers.Conv2D(64, (3, 3), activation="relu"))
    model.add(layers.Flatten())
    model.add(layers.Dense(64, activation="relu"))
    model.add(layers.Dense(10))
    model.compile(
        optimizer="adam",
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    return model
