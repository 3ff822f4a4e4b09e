# SpatialDropout2D (both data formats), GaussianNoise and GaussianDropout as in Keras's tests.
# Source: https://github.com/keras-team/keras/blob/master/keras/src/layers/regularization/spatial_dropout_test.py
# Source: https://github.com/keras-team/keras/blob/master/keras/src/layers/regularization/gaussian_noise_test.py
# (adapted: the test layers, each tested alone there, form one Sequential model here)


def build(keras, layers):
    model = keras.Sequential()
    model.add(keras.Input(shape=(3, 4, 5)))
    model.add(layers.SpatialDropout2D(rate=0.5))
    model.add(layers.SpatialDropout2D(rate=0.5, data_format="channels_first"))
    model.add(layers.GaussianNoise(0.3, seed=1337))
    model.add(layers.GaussianDropout(0.3, seed=1337))
    return model
