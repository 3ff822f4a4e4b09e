model = keras.Sequential(name='x"); import os  #')
model.add(keras.Input(shape=(1,), dtype="string", name="in'put\"\\"))
model.add(
    layers.StringLookup(
        vocabulary=['a"b', "tab\there\u202e", "'''", '"""', "\x00"],
        name='a"); import os; ("',
    )
)
model.add(layers.Dense(2, name="ünïcødé_名前"))
