"""The questionnaire: its YAML format, validation with line numbers, and the loaded model."""

from assessment.questionnaire.loader import (
    Issue,
    QuestionnaireError,
    load_file,
    load_files,
    load_questionnaire,
)
from assessment.questionnaire.model import Questionnaire, content_hash

__all__ = [
    "Issue",
    "Questionnaire",
    "QuestionnaireError",
    "content_hash",
    "load_file",
    "load_files",
    "load_questionnaire",
]
