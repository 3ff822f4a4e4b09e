# The quickstart MLP nested in a Sequential with a Softmax layer (probability model).
# Source: https://www.tensorflow.org/tutorials/quickstart/beginner
# (adapted: the inner model's `Flatten(input_shape=(28, 28))` becomes keras.Input)


def build(keras, layers):
    model = keras.models.Sequential(
        [
            keras.Input(shape=(28, 28)),
            keras.layers.Flatten(),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dropout(0.2),
            keras.layers.Dense(10),
        ]
    )
    probability_model = keras.Sequential([model, keras.layers.Softmax()])
    return probability_model
