# Cropping2D example: crop 28x28x3 images, convolve, crop again.
# Source: https://github.com/keras-team/keras/blob/2.3.1/keras/layers/convolutional.py
# (adapted: `input_shape=(28, 28, 3)` on the first Cropping2D becomes keras.Input)


def build(keras, layers):
    Sequential = keras.models.Sequential
    Cropping2D, Conv2D = layers.Cropping2D, layers.Conv2D

    # Crop the input 2D images or feature maps
    model = Sequential()
    model.add(keras.Input(shape=(28, 28, 3)))
    model.add(Cropping2D(cropping=((2, 2), (4, 4))))
    # now model.output_shape == (None, 24, 20, 3)
    model.add(Conv2D(64, (3, 3), padding="same"))
    model.add(Cropping2D(cropping=((2, 2), (2, 2))))
    # now model.output_shape == (None, 20, 16, 64)
    assert model.output_shape == (None, 20, 16, 64)
    return model
