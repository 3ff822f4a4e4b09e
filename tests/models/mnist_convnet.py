# Simple MNIST convnet, with the example's compile step.
# Source: https://keras.io/examples/vision/mnist_convnet/
# (the example's Sequential has no name; the .seq names it "mnist_convnet", given here too;
# its "Model / data parameters" num_classes and input_shape are parameters)

NON_DEFAULT = {"num_classes": 5, "input_shape": (32, 32, 3)}


def build(keras, layers, num_classes=10, input_shape=(28, 28, 1)):
    model = keras.Sequential(
        [
            keras.Input(shape=input_shape),
            layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Flatten(),
            layers.Dropout(0.5),
            layers.Dense(num_classes, activation="softmax"),
        ],
        name="mnist_convnet",
    )
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    return model
