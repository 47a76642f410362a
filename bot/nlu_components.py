"""The project's NLU components, plugged into config.yml's pipeline the way Rasa 3.6 lets custom components in."""
from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message


def is_blank(message: Message) -> bool:
    text: Any = message.get(TEXT)
    return not isinstance(text, str) or not text.strip()


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class BlankAwareIntentClassifier(LogisticRegressionClassifier):
    """Rasa's logistic-regression intent classifier, except that a message of only spaces is the fallback intent.

    Such a message has no words, so the featurizers give it no features, and the classifier refuses the short
    feature vector: the turn used to fail with no reply at all. Now its rule answers "Sorry, I didn't get that".
    """

    def process(self, messages: list[Message]) -> list[Message]:
        worded = [message for message in messages if not is_blank(message)]
        if worded:
            super().process(worded)
        for message in messages:
            if is_blank(message):
                message.set(INTENT, {"name": DEFAULT_NLU_FALLBACK_INTENT_NAME, "confidence": 1.0},
                            add_to_output=True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
        return messages
