# The named three-Dense model "my_sequential" of the Sequential guide (unbuilt).
# Source: https://keras.io/guides/sequential_model/


def build(keras, layers):
    model = keras.Sequential(name="my_sequential")
    model.add(layers.Dense(2, activation="relu", name="layer1"))
    model.add(layers.Dense(3, activation="relu", name="layer2"))
    model.add(layers.Dense(4, name="layer3"))
    return model
