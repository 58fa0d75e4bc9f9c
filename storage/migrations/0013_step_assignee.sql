-- step_assignee (0013): an admin may hand a cycle's current step to one person (a staff transfer, leave):
-- bot/cycle_admin.py. Until then, and whenever the column is NULL, every holder of the step's
-- role (for PPID Pelaksana: of the item's unit) holds the step, as before. With an assignee who
-- still holds that role, only the assignee holds it (bot.workflow's holders_of_step, the one rule
-- the tasks, reminders, notifications and the gate follow). Moving or closing the cycle clears
-- it (storage/cycles.py): the assignment ends when the step moves on.
ALTER TABLE update_cycles ADD COLUMN assignee_id INTEGER REFERENCES users (telegram_id);
