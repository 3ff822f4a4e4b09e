model = keras.Sequential()
model.add(keras.Input(shape=(180, 180, 3)))
model.add(
    keras.Sequential(
        [
            layers.RandomFlip(mode="horizontal"),
            layers.RandomRotation(0.1),
        ],
        name="augmentation",
    )
)
model.add(layers.Rescaling(1 / 255))
for _ in range(3):
    model.add(layers.Conv2D(64, 3, padding="same", activation="relu"))
    model.add(layers.MaxPooling2D())
model.add(layers.Flatten())
model.add(layers.Dense(7 * 7 * 128, use_bias=False, dtype="mixed_float16"))
