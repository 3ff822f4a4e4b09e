# Multi-step dense baseline: Flatten, Dense layers, Reshape([1, -1]).
# Source: https://www.tensorflow.org/tutorials/structured_data/time_series
# (adapted: keras.Input of CONV_WIDTH = 3 steps x 19 features instead of the first batch)


def build(keras, layers):
    CONV_WIDTH = 3
    num_features = 19
    multi_step_dense = keras.Sequential(
        [
            keras.Input(shape=(CONV_WIDTH, num_features)),
            # Shape: (time, features) => (time*features)
            keras.layers.Flatten(),
            keras.layers.Dense(units=32, activation="relu"),
            keras.layers.Dense(units=32, activation="relu"),
            keras.layers.Dense(units=1),
            # Add back the time dimension.
            # Shape: (outputs) => (1, outputs)
            keras.layers.Reshape([1, -1]),
        ]
    )
    multi_step_dense.compile(
        loss=keras.losses.MeanSquaredError(),
        optimizer=keras.optimizers.Adam(),
        metrics=[keras.metrics.MeanAbsoluteError()],
    )
    return multi_step_dense
