# Keyword-spotting convnet on spectrograms: Resizing, Normalization, Conv2D, dropout, dense head.
# Source: https://www.tensorflow.org/tutorials/audio/simple_audio
# (adapted: fixed illustrative mean/variance instead of `norm_layer.adapt(...)`; the model is
# named "audio_cnn")

NON_DEFAULT = {"num_labels": 12}


def build(keras, layers, num_labels=8):
    models = keras.models
    input_shape = (124, 129, 1)
    # Instantiate the `tf.keras.layers.Normalization` layer.
    norm_layer = layers.Normalization(mean=0.5, variance=4.0)

    model = models.Sequential(
        [
            layers.Input(shape=input_shape),
            # Downsample the input.
            layers.Resizing(32, 32),
            # Normalize.
            norm_layer,
            layers.Conv2D(32, 3, activation="relu"),
            layers.Conv2D(64, 3, activation="relu"),
            layers.MaxPooling2D(),
            layers.Dropout(0.25),
            layers.Flatten(),
            layers.Dense(128, activation="relu"),
            layers.Dropout(0.5),
            layers.Dense(num_labels),
        ],
        name="audio_cnn",
    )
    model.compile(
        optimizer=keras.optimizers.Adam(),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    return model
