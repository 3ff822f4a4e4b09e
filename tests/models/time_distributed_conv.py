# TimeDistributed(Conv2D) over 10 video frames with a fixed batch size of 32.
# Source: https://keras.io/api/layers/recurrent_layers/time_distributed/
# (the docstring applies the layer to the Input directly; here both form a Sequential model)


def build(keras, layers):
    inputs = layers.Input(shape=(10, 128, 128, 3), batch_size=32)
    conv_2d_layer = layers.Conv2D(64, (3, 3))
    return keras.Sequential([inputs, layers.TimeDistributed(conv_2d_layer)])
