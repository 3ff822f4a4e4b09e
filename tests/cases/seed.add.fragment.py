model = keras.Sequential()
model.add(layers.Dense(2, activation="relu", name="layer_1"))
model.add(layers.Dense(3, activation="relu", name="layer_2"))
model.add(layers.Dense(4, name="layer_3"))
