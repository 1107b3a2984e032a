from .grading import GradeBand
from .holds import Hold
from .iup import IndividualPlan, IUPEvent, IUPSignature
from .plan import Curriculum, CurriculumItem, Discipline, ElectiveGroup
from .registration import CreditLimit, FinalGrade, Registration

__all__ = [
    "CreditLimit",
    "Curriculum",
    "CurriculumItem",
    "Discipline",
    "ElectiveGroup",
    "FinalGrade",
    "GradeBand",
    "Hold",
    "IUPEvent",
    "IUPSignature",
    "IndividualPlan",
    "Registration",
]
