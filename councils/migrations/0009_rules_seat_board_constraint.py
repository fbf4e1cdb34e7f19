from django.db import migrations, models


class Migration(migrations.Migration):
    """After 0005 has cleared the flags of the municipal board's seats."""

    dependencies = [
        ('councils', '0008_rules_seat_flags_data'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='seatcategory',
            constraint=models.CheckConstraint(condition=models.Q(('municipal_board', False), models.Q(('open_to_applicants', False), ('per_diem', False)), _connector='OR'), name='seat_category_board_no_per_diem', violation_error_message='Pladser for kommunalbestyrelsen giver ikke diæter og kan ikke søges i et opslag.'),
        ),
    ]
