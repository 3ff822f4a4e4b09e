model = keras.Sequential(
    [
        keras.Input(shape=(32,), dtype="float32"),
        layers.Dense(64, activation="gelu", kernel_initializer="he_normal"),
        layers.LayerNormalization(epsilon=1e-06),
        layers.Dense(1),
    ]
)
