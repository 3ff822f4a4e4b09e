# Image augmentation Sequential: RandomRotation, RandomTranslation, RandomFlip, RandomContrast.
# Source: https://keras.io/examples/vision/image_classification_efficientnet_fine_tuning/
# (the TF 2 edition's Sequential, given the example's IMG_SIZE = 224 input)


def build(keras, layers):
    Sequential = keras.Sequential
    IMG_SIZE = 224

    img_augmentation = Sequential(
        [
            keras.Input(shape=(IMG_SIZE, IMG_SIZE, 3)),
            layers.RandomRotation(factor=0.15),
            layers.RandomTranslation(height_factor=0.1, width_factor=0.1),
            layers.RandomFlip(),
            layers.RandomContrast(factor=0.1),
        ],
        name="img_augmentation",
    )
    return img_augmentation
