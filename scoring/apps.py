from django.apps import AppConfig


class ScoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "scoring"

    def ready(self) -> None:
        from clusters.models import register_member_record
        from scoring import audit_sentences  # noqa: F401  (registers the change log's sentences)
        from scoring.models import Assessment, BallotReceipt, Nomination, Proposal

        # A member with any of these cannot be removed from its year (it leaves, with a date).
        for model in (Assessment, Proposal, Nomination, BallotReceipt):
            register_member_record(model)
