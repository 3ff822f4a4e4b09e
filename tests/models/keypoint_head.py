# Keypoint regression head: Dropout and two SeparableConv2D layers giving 24 (x, y) pairs.
# Source: https://keras.io/examples/vision/keypoint_detection/
# (adapted: the part of get_model() after its frozen MobileNetV2 backbone, as a Sequential model
# on the backbone's (7, 7, 1280) output; NUM_KEYPOINTS is a parameter)

NON_DEFAULT = {"num_keypoints": 17 * 2}


def build(keras, layers, num_keypoints=24 * 2):
    NUM_KEYPOINTS = num_keypoints
    model = keras.Sequential(
        [
            layers.Input((7, 7, 1280)),  # backbone(x) for IMG_SIZE = 224
            layers.Dropout(0.3),
            layers.SeparableConv2D(NUM_KEYPOINTS, kernel_size=5, strides=1, activation="relu"),
            layers.SeparableConv2D(NUM_KEYPOINTS, kernel_size=3, strides=1, activation="sigmoid"),
        ],
        name="keypoint_detector",
    )
    model.compile(loss="mse", optimizer=keras.optimizers.Adam(1e-4))
    return model
