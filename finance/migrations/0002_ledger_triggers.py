"""PostgreSQL keeps the ledger's rules itself (docs/domain.md#finance), as django-hordak does:

- a deferred constraint trigger checks at commit that each transaction's legs sum to zero per currency;
- a leg's currency must be its account's;
- posted legs are append-only: no UPDATE or DELETE (a correction is a reversing transaction).

SQLite has none of this: `finance.services.ledger.transaction_post` checks the sum there.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION finance_leg_check_zero_sum() RETURNS trigger AS $$
DECLARE
    txn bigint;
    bad record;
BEGIN
    IF TG_OP = 'DELETE' THEN txn := OLD.transaction_id; ELSE txn := NEW.transaction_id; END IF;
    SELECT currency, SUM(amount) AS total INTO bad
      FROM finance_leg WHERE transaction_id = txn
     GROUP BY currency HAVING SUM(amount) <> 0 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'Transaction % does not balance: its % legs sum to %', txn, bad.currency, bad.total
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER finance_leg_zero_sum
    AFTER INSERT OR UPDATE OR DELETE ON finance_leg
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION finance_leg_check_zero_sum();

CREATE OR REPLACE FUNCTION finance_leg_check_currency() RETURNS trigger AS $$
BEGIN
    IF NEW.currency <> (SELECT currency FROM finance_account WHERE id = NEW.account_id) THEN
        RAISE EXCEPTION 'A leg in % cannot post to an account in another currency', NEW.currency
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER finance_leg_currency
    BEFORE INSERT ON finance_leg
    FOR EACH ROW EXECUTE FUNCTION finance_leg_check_currency();

CREATE OR REPLACE FUNCTION finance_leg_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Posted legs are append-only: post a reversing transaction instead'
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER finance_leg_no_change
    BEFORE UPDATE OR DELETE ON finance_leg
    FOR EACH ROW EXECUTE FUNCTION finance_leg_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS finance_leg_no_change ON finance_leg;
DROP FUNCTION IF EXISTS finance_leg_append_only();
DROP TRIGGER IF EXISTS finance_leg_currency ON finance_leg;
DROP FUNCTION IF EXISTS finance_leg_check_currency();
DROP TRIGGER IF EXISTS finance_leg_zero_sum ON finance_leg;
DROP FUNCTION IF EXISTS finance_leg_check_zero_sum();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:  # no parameters: several statements in one call
            cursor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
