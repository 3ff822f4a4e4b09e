depth = 2
widths = [64, 32]
rate = 0.1
model = keras.Sequential(name="mlp")
model.add(keras.Input(shape=(784,)))
for _ in range(depth):
    model.add(layers.Dense(128, activation="relu"))
    model.add(layers.Dropout(rate))
for units in widths:
    model.add(layers.Dense(units, activation="relu"))
    for _ in range(2):
        model.add(layers.Dense(units * 2))
for scale in [1, 2]:
    model.add(layers.Dense(16 * scale, activation="tanh"))
model.add(layers.Dense(10, activation="softmax", name="output"))
model.compile(
    optimizer=keras.optimizers.SGD(learning_rate=0.01, momentum=0.9),
    loss=keras.losses.CategoricalCrossentropy(from_logits=True),
    metrics=["accuracy", keras.metrics.AUC()],
)
