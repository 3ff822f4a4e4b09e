# Flowers classifier: nested data-augmentation Sequential, Rescaling, three conv stages.
# Source: https://www.tensorflow.org/tutorials/images/classification
# (adapted: the input shape moves from RandomFlip to `keras.Input` of the outer model, which is
# named "flowers_cnn"; num_classes is a parameter)

NON_DEFAULT = {"num_classes": 3}


def build(keras, layers, num_classes=5):
    Sequential = keras.models.Sequential
    img_height = img_width = 180

    data_augmentation = keras.Sequential(
        [
            layers.RandomFlip("horizontal"),
            layers.RandomRotation(0.1),
            layers.RandomZoom(0.1),
        ]
    )
    model = Sequential(
        [
            keras.Input(shape=(img_height, img_width, 3)),
            data_augmentation,
            layers.Rescaling(1.0 / 255),
            layers.Conv2D(16, 3, padding="same", activation="relu"),
            layers.MaxPooling2D(),
            layers.Conv2D(32, 3, padding="same", activation="relu"),
            layers.MaxPooling2D(),
            layers.Conv2D(64, 3, padding="same", activation="relu"),
            layers.MaxPooling2D(),
            layers.Dropout(0.2),
            layers.Flatten(),
            layers.Dense(128, activation="relu"),
            layers.Dense(num_classes, name="outputs"),
        ],
        name="flowers_cnn",
    )
    model.compile(
        optimizer="adam",
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    return model
