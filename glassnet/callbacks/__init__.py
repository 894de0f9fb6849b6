"""Callbacks: code that runs at fixed moments of training (Keras's names and arguments).

    History               records loss and metrics per epoch (returned by ``fit``)
    ProgbarLogger         a tqdm progress bar per epoch (silent at ``verbose=0``)
    EarlyStopping         stop when the monitored value stops improving
    ModelCheckpoint       save the model (or only the best one) as it trains
    LearningRateScheduler set the learning rate per epoch; ReduceLROnPlateau lowers it on a plateau
    TerminateOnNaN        stop when the loss becomes NaN or infinite
    CSVLogger             write each epoch's logs to a CSV file
    LambdaCallback        a callback from plain functions
    WeightHistory         copies of chosen weights after every step, to draw the optimizer's path
"""
from glassnet.callbacks.callback import Callback, CallbackList, LambdaCallback
from glassnet.callbacks.csv_logger import CSVLogger
from glassnet.callbacks.early_stopping import EarlyStopping
from glassnet.callbacks.history import History, ProgbarLogger
from glassnet.callbacks.learning_rate import LearningRateScheduler, ReduceLROnPlateau
from glassnet.callbacks.model_checkpoint import ModelCheckpoint
from glassnet.callbacks.swap_ema_weights import SwapEMAWeights
from glassnet.callbacks.terminate_on_nan import TerminateOnNaN
from glassnet.callbacks.weight_history import WeightHistory

__all__ = ["Callback", "CallbackList", "LambdaCallback", "History", "ProgbarLogger", "SwapEMAWeights",
           "EarlyStopping", "ModelCheckpoint", "LearningRateScheduler", "ReduceLROnPlateau",
           "TerminateOnNaN", "CSVLogger", "WeightHistory"]
