# VGG16 as a Sequential model: 138,357,544 parameters, equal to keras.applications.VGG16.
# Source: https://github.com/keras-team/keras/blob/master/keras/src/applications/vgg16.py
# (adapted: the functional chain of VGG16(include_top=True, weights=None, classes=1000,
# classifier_activation="softmax") as a Sequential model with the same layer names)


def reference(keras):
    return keras.applications.VGG16(weights=None)


def build(keras, layers):
    model = keras.Sequential(name="vgg16")
    model.add(layers.Input(shape=(224, 224, 3)))
    # Block 1
    model.add(layers.Conv2D(64, (3, 3), activation="relu", padding="same", name="block1_conv1"))
    model.add(layers.Conv2D(64, (3, 3), activation="relu", padding="same", name="block1_conv2"))
    model.add(layers.MaxPooling2D((2, 2), strides=(2, 2), name="block1_pool"))

    # Block 2
    model.add(layers.Conv2D(128, (3, 3), activation="relu", padding="same", name="block2_conv1"))
    model.add(layers.Conv2D(128, (3, 3), activation="relu", padding="same", name="block2_conv2"))
    model.add(layers.MaxPooling2D((2, 2), strides=(2, 2), name="block2_pool"))

    # Block 3
    model.add(layers.Conv2D(256, (3, 3), activation="relu", padding="same", name="block3_conv1"))
    model.add(layers.Conv2D(256, (3, 3), activation="relu", padding="same", name="block3_conv2"))
    model.add(layers.Conv2D(256, (3, 3), activation="relu", padding="same", name="block3_conv3"))
    model.add(layers.MaxPooling2D((2, 2), strides=(2, 2), name="block3_pool"))

    # Block 4
    model.add(layers.Conv2D(512, (3, 3), activation="relu", padding="same", name="block4_conv1"))
    model.add(layers.Conv2D(512, (3, 3), activation="relu", padding="same", name="block4_conv2"))
    model.add(layers.Conv2D(512, (3, 3), activation="relu", padding="same", name="block4_conv3"))
    model.add(layers.MaxPooling2D((2, 2), strides=(2, 2), name="block4_pool"))

    # Block 5
    model.add(layers.Conv2D(512, (3, 3), activation="relu", padding="same", name="block5_conv1"))
    model.add(layers.Conv2D(512, (3, 3), activation="relu", padding="same", name="block5_conv2"))
    model.add(layers.Conv2D(512, (3, 3), activation="relu", padding="same", name="block5_conv3"))
    model.add(layers.MaxPooling2D((2, 2), strides=(2, 2), name="block5_pool"))

    # Classification block
    model.add(layers.Flatten(name="flatten"))
    model.add(layers.Dense(4096, activation="relu", name="fc1"))
    model.add(layers.Dense(4096, activation="relu", name="fc2"))
    model.add(layers.Dense(1000, activation="softmax", name="predictions"))
    return model
