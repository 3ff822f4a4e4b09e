model = keras.Sequential(
    [
        layers.Dense(2, activation="relu", name="layer_1"),
        layers.Dense(3, activation="relu", name="layer_2"),
        layers.Dense(4, name="layer_3"),
    ]
)
