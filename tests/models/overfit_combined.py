# Four 512-unit ELU Dense layers with L2 kernel regularization and Dropout(0.5).
# Source: https://www.tensorflow.org/tutorials/keras/overfit_and_underfit
# (adapted: `input_shape=(FEATURES,)` becomes keras.Input)


def build(keras, layers):
    regularizers = keras.regularizers
    FEATURES = 28
    combined_model = keras.Sequential(
        [
            keras.Input(shape=(FEATURES,)),
            layers.Dense(512, kernel_regularizer=regularizers.l2(0.0001), activation="elu"),
            layers.Dropout(0.5),
            layers.Dense(512, kernel_regularizer=regularizers.l2(0.0001), activation="elu"),
            layers.Dropout(0.5),
            layers.Dense(512, kernel_regularizer=regularizers.l2(0.0001), activation="elu"),
            layers.Dropout(0.5),
            layers.Dense(512, kernel_regularizer=regularizers.l2(0.0001), activation="elu"),
            layers.Dropout(0.5),
            layers.Dense(1),
        ]
    )
    return combined_model
