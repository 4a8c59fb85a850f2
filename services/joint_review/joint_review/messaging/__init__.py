"""Messaging: the departments' task queues and their opinion commands over AMQP."""
