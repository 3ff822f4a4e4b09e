model = keras.Sequential(
    [
        keras.Input(shape=(180, 180, 3)),
        keras.Sequential(
            [
                layers.RandomFlip(mode="horizontal"),
                layers.RandomRotation(0.1),
            ],
            name="augmentation",
        ),
        layers.Rescaling(1 / 255),
        layers.Conv2D(64, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(64, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(64, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(),
        layers.Flatten(),
        layers.Dense(7 * 7 * 128, use_bias=False, dtype="mixed_float16"),
    ]
)
