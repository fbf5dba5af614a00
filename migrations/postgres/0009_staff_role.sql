-- Programme staff: a role beside organizer and admin.
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('member', 'organizer', 'staff', 'admin'));
