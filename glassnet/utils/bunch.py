"""A dict whose keys are also attributes (``result.importances_mean``), as scikit-learn's ``Bunch``."""


class Bunch(dict):
    def __getattr__(self, key):
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None
