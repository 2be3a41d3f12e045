-- Runs once, on the first start of an empty postgres-data volume: one database per service.
-- The services also create their database when it is missing, so this is belt and braces.
CREATE DATABASE catalog;
CREATE DATABASE inventory;
CREATE DATABASE payments;
CREATE DATABASE orders;
