depth = 2
widths = [64, 32]
rate = 0.1
model = keras.Sequential(
    [
        keras.Input(shape=(784,)),
        *[
            _layer
            for _ in range(depth)
            for _layer in [layers.Dense(128, activation="relu"), layers.Dropout(rate)]
        ],
        *[
            _layer
            for units in widths
            for _layer in [
                layers.Dense(units, activation="relu"),
                layers.Dense(units * 2),
                layers.Dense(units * 2),
            ]
        ],
        layers.Dense(16 * 1, activation="tanh"),
        layers.Dense(16 * 2, activation="tanh"),
        layers.Dense(10, activation="softmax", name="output"),
    ],
    name="mlp",
)
model.compile(
    optimizer=keras.optimizers.SGD(learning_rate=0.01, momentum=0.9),
    loss=keras.losses.CategoricalCrossentropy(from_logits=True),
    metrics=["accuracy", keras.metrics.AUC()],
)
