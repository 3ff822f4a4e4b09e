# MobileNet v1 (alpha 1.0, 224x224) as a Sequential model: DepthwiseConv2D blocks, ReLU(6.).
# Source: https://github.com/keras-team/keras/blob/master/keras/src/applications/mobilenet.py
# (adapted: the functional chain of MobileNet(alpha=1.0, depth_multiplier=1, dropout=1e-3,
# include_top=True, weights=None, classes=1000) as a Sequential model; the block helpers add
# their layers to the model instead of calling them on a tensor)


def reference(keras):
    return keras.applications.MobileNet(weights=None)


def build(keras, layers):
    channel_axis = -1  # channels_last
    alpha, depth_multiplier, dropout, classes, rows = 1.0, 1, 1e-3, 1000, 224

    def _conv_block(model, filters, alpha, kernel=(3, 3), strides=(1, 1)):
        filters = int(filters * alpha)
        model.add(
            layers.Conv2D(
                filters, kernel, padding="same", use_bias=False, strides=strides, name="conv1"
            )
        )
        model.add(layers.BatchNormalization(axis=channel_axis, name="conv1_bn"))
        model.add(layers.ReLU(6.0, name="conv1_relu"))

    def _depthwise_conv_block(
        model, pointwise_conv_filters, alpha, depth_multiplier=1, strides=(1, 1), block_id=1
    ):
        pointwise_conv_filters = int(pointwise_conv_filters * alpha)

        if strides != (1, 1):
            model.add(layers.ZeroPadding2D(((0, 1), (0, 1)), name="conv_pad_%d" % block_id))
        model.add(
            layers.DepthwiseConv2D(
                (3, 3),
                padding="same" if strides == (1, 1) else "valid",
                depth_multiplier=depth_multiplier,
                strides=strides,
                use_bias=False,
                name="conv_dw_%d" % block_id,
            )
        )
        model.add(layers.BatchNormalization(axis=channel_axis, name="conv_dw_%d_bn" % block_id))
        model.add(layers.ReLU(6.0, name="conv_dw_%d_relu" % block_id))

        model.add(
            layers.Conv2D(
                pointwise_conv_filters,
                (1, 1),
                padding="same",
                use_bias=False,
                strides=(1, 1),
                name="conv_pw_%d" % block_id,
            )
        )
        model.add(layers.BatchNormalization(axis=channel_axis, name="conv_pw_%d_bn" % block_id))
        model.add(layers.ReLU(6.0, name="conv_pw_%d_relu" % block_id))

    model = keras.Sequential(name=f"mobilenet_{alpha:0.2f}_{rows}")
    model.add(layers.Input(shape=(rows, rows, 3)))

    _conv_block(model, 32, alpha, strides=(2, 2))
    _depthwise_conv_block(model, 64, alpha, depth_multiplier, block_id=1)

    _depthwise_conv_block(model, 128, alpha, depth_multiplier, strides=(2, 2), block_id=2)
    _depthwise_conv_block(model, 128, alpha, depth_multiplier, block_id=3)

    _depthwise_conv_block(model, 256, alpha, depth_multiplier, strides=(2, 2), block_id=4)
    _depthwise_conv_block(model, 256, alpha, depth_multiplier, block_id=5)

    _depthwise_conv_block(model, 512, alpha, depth_multiplier, strides=(2, 2), block_id=6)
    _depthwise_conv_block(model, 512, alpha, depth_multiplier, block_id=7)
    _depthwise_conv_block(model, 512, alpha, depth_multiplier, block_id=8)
    _depthwise_conv_block(model, 512, alpha, depth_multiplier, block_id=9)
    _depthwise_conv_block(model, 512, alpha, depth_multiplier, block_id=10)
    _depthwise_conv_block(model, 512, alpha, depth_multiplier, block_id=11)

    _depthwise_conv_block(model, 1024, alpha, depth_multiplier, strides=(2, 2), block_id=12)
    _depthwise_conv_block(model, 1024, alpha, depth_multiplier, block_id=13)

    model.add(layers.GlobalAveragePooling2D(keepdims=True))
    model.add(layers.Dropout(dropout, name="dropout"))
    model.add(layers.Conv2D(classes, (1, 1), padding="same", name="conv_preds"))
    model.add(layers.Reshape((classes,), name="reshape_2"))
    model.add(layers.Activation(activation="softmax", name="predictions"))
    return model
