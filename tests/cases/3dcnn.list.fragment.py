width = 128
height = 128
depth = 64
model = keras.Sequential(
    [
        keras.Input(shape=(width, height, depth, 1)),
        layers.Conv3D(64, 3, activation="relu"),
        layers.MaxPooling3D(pool_size=2),
        layers.BatchNormalization(),
        layers.Conv3D(64, 3, activation="relu"),
        layers.MaxPooling3D(pool_size=2),
        layers.BatchNormalization(),
        layers.Conv3D(128, 3, activation="relu"),
        layers.MaxPooling3D(pool_size=2),
        layers.BatchNormalization(),
        layers.Conv3D(256, 3, activation="relu"),
        layers.MaxPooling3D(pool_size=2),
        layers.BatchNormalization(),
        layers.GlobalAveragePooling3D(),
        layers.Dense(512, activation="relu"),
        layers.Dropout(0.3),
        layers.Dense(1, activation="sigmoid"),
    ],
    name="3dcnn",
)
