-- Run once by the postgres image on an empty data volume: one database per service.
CREATE DATABASE intake;
CREATE DATABASE joint_review;
CREATE DATABASE complaints;
CREATE DATABASE notify;
