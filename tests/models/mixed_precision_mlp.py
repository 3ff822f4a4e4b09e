# MNIST MLP in mixed_float16 with a float32 softmax output, from the mixed precision guide.
# Source: https://www.tensorflow.org/guide/mixed_precision
# (adapted: a Sequential model, with the guide's global mixed_float16 policy given to each
# layer as dtype="mixed_float16"; num_units = 64 as on CPU, a parameter)

NON_DEFAULT = {"num_units": 4096}


def build(keras, layers, num_units=64):
    policy = "mixed_float16"
    model = keras.Sequential(name="mixed_precision_mlp")
    model.add(keras.Input(shape=(784,), name="digits"))
    model.add(layers.Dense(num_units, activation="relu", name="dense_1", dtype=policy))
    model.add(layers.Dense(num_units, activation="relu", name="dense_2", dtype=policy))
    # CORRECT: softmax and model output are float32
    model.add(layers.Dense(10, name="dense_logits", dtype=policy))
    model.add(layers.Activation("softmax", dtype="float32", name="predictions"))
    model.compile(
        loss="sparse_categorical_crossentropy",
        optimizer=keras.optimizers.RMSprop(),
        metrics=["accuracy"],
    )
    return model
