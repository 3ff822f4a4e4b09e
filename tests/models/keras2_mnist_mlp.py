# The classic Keras 2 MLP on MNIST: two 512-unit ReLU layers with dropout.
# Source: https://github.com/keras-team/keras/blob/2.3.1/examples/mnist_mlp.py
# (adapted: `input_shape=(784,)` on the first Dense becomes `keras.Input(shape=(784,))`)


def build(keras, layers):
    num_classes = 10
    Sequential = keras.models.Sequential
    Dense, Dropout = layers.Dense, layers.Dropout
    RMSprop = keras.optimizers.RMSprop

    model = Sequential()
    model.add(keras.Input(shape=(784,)))
    model.add(Dense(512, activation="relu"))
    model.add(Dropout(0.2))
    model.add(Dense(512, activation="relu"))
    model.add(Dropout(0.2))
    model.add(Dense(num_classes, activation="softmax"))
    model.compile(loss="categorical_crossentropy", optimizer=RMSprop(), metrics=["accuracy"])
    return model
