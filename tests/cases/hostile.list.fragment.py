model = keras.Sequential(
    [
        keras.Input(shape=(1,), dtype="string", name="in'put\"\\"),
        layers.StringLookup(
            vocabulary=['a"b', "tab\there\u202e", "'''", '"""', "\x00"],
            name='a"); import os; ("',
        ),
        layers.Dense(2, name="ünïcødé_名前"),
    ],
    name='x"); import os  #',
)
