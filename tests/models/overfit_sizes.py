# The tiny/small/medium/large ELU MLPs of a model-size sweep, as one model over a widths list.
# Source: https://www.tensorflow.org/tutorials/keras/overfit_and_underfit
# (adapted: the four models as one parameterized function, keras.Input instead of
# `input_shape=(FEATURES,)`, and compile_and_fit's compile without its Adam(InverseTimeDecay))

NON_DEFAULT = {"widths": [64, 64, 64]}


def build(keras, layers, widths=[16]):
    FEATURES = 28
    model = keras.Sequential(name="sized_model")
    model.add(keras.Input(shape=(FEATURES,)))
    for units in widths:
        model.add(layers.Dense(units, activation="elu"))
    model.add(layers.Dense(1))
    model.compile(
        loss=keras.losses.BinaryCrossentropy(from_logits=True),
        metrics=[
            keras.metrics.BinaryCrossentropy(from_logits=True, name="binary_crossentropy"),
            "accuracy",
        ],
    )
    return model
