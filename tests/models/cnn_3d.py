# 3D convnet for CT-scan volumes, with the volume size as model parameters.
# Source: https://keras.io/examples/vision/3D_image_classification/
# (adapted: get_model() written as a Sequential model instead of the functional chain;
# left uncompiled, see the .seq file)

NON_DEFAULT = {"width": 96, "height": 112, "depth": 48}


def build(keras, layers, width=128, height=128, depth=64):
    """Build a 3D convolutional neural network model."""
    model = keras.Sequential(
        [
            keras.Input((width, height, depth, 1)),
            layers.Conv3D(filters=64, kernel_size=3, activation="relu"),
            layers.MaxPool3D(pool_size=2),
            layers.BatchNormalization(),
            layers.Conv3D(filters=64, kernel_size=3, activation="relu"),
            layers.MaxPool3D(pool_size=2),
            layers.BatchNormalization(),
            layers.Conv3D(filters=128, kernel_size=3, activation="relu"),
            layers.MaxPool3D(pool_size=2),
            layers.BatchNormalization(),
            layers.Conv3D(filters=256, kernel_size=3, activation="relu"),
            layers.MaxPool3D(pool_size=2),
            layers.BatchNormalization(),
            layers.GlobalAveragePooling3D(),
            layers.Dense(units=512, activation="relu"),
            layers.Dropout(0.3),
            layers.Dense(units=1, activation="sigmoid"),
        ],
        name="3dcnn",
    )
    return model
