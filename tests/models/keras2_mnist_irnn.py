# IRNN: ReLU SimpleRNN with identity recurrent initializer on pixel-by-pixel MNIST.
# Source: https://github.com/keras-team/keras/blob/2.3.1/examples/mnist_irnn.py
# (adapted: `input_shape=x_train.shape[1:]` = (784, 1) becomes keras.Input)


def build(keras, layers):
    Sequential = keras.models.Sequential
    Dense, Activation, SimpleRNN = layers.Dense, layers.Activation, layers.SimpleRNN
    initializers = keras.initializers
    RMSprop = keras.optimizers.RMSprop

    num_classes = 10
    hidden_units = 100
    learning_rate = 1e-6

    model = Sequential()
    model.add(keras.Input(shape=(784, 1)))
    model.add(
        SimpleRNN(
            hidden_units,
            kernel_initializer=initializers.RandomNormal(stddev=0.001),
            recurrent_initializer=initializers.Identity(gain=1.0),
            activation="relu",
        )
    )
    model.add(Dense(num_classes))
    model.add(Activation("softmax"))
    rmsprop = RMSprop(learning_rate=learning_rate)
    model.compile(loss="categorical_crossentropy", optimizer=rmsprop, metrics=["accuracy"])
    return model
