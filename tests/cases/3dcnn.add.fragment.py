width = 128
height = 128
depth = 64
model = keras.Sequential(name="3dcnn")
model.add(keras.Input(shape=(width, height, depth, 1)))
for filters in [64, 64, 128, 256]:
    model.add(layers.Conv3D(filters, 3, activation="relu"))
    model.add(layers.MaxPooling3D(pool_size=2))
    model.add(layers.BatchNormalization())
model.add(layers.GlobalAveragePooling3D())
model.add(layers.Dense(512, activation="relu"))
model.add(layers.Dropout(0.3))
model.add(layers.Dense(1, activation="sigmoid"))
