"""The catalogue builder: writes seqgen/data/catalog.json from the installed Keras.

    python -m tools.catalog            # (re)write the catalogue
    python -m tools.catalog --check    # exit 1 when the committed file is stale

    build.py      the entry: render, compare, write
    probe.py      asks Keras (imports TensorFlow, inside functions only)
    decisions.py  seqgen's language decisions: layers left out, kinds, choices, bounds, ...
    examples.py   the example of each layer, and how it is written in .seq
"""
