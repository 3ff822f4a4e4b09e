# Fully convolutional time series classifier: Conv1D/BatchNormalization/ReLU blocks, GAP.
# Source: https://keras.io/examples/timeseries/timeseries_classification_from_scratch/
# (adapted: the functional chain of make_model() as a Sequential model named "timeseries_fcn";
# input_shape = x_train.shape[1:] = (500, 1) and num_classes = 2 become parameters)

NON_DEFAULT = {"timesteps": 128, "num_classes": 5}


def build(keras, layers, timesteps=500, num_classes=2):
    def make_model(input_shape):
        return keras.Sequential(
            [
                keras.layers.Input(input_shape),
                keras.layers.Conv1D(filters=64, kernel_size=3, padding="same"),
                keras.layers.BatchNormalization(),
                keras.layers.ReLU(),
                keras.layers.Conv1D(filters=64, kernel_size=3, padding="same"),
                keras.layers.BatchNormalization(),
                keras.layers.ReLU(),
                keras.layers.Conv1D(filters=64, kernel_size=3, padding="same"),
                keras.layers.BatchNormalization(),
                keras.layers.ReLU(),
                keras.layers.GlobalAveragePooling1D(),
                keras.layers.Dense(num_classes, activation="softmax"),
            ],
            name="timeseries_fcn",
        )

    model = make_model(input_shape=(timesteps, 1))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
