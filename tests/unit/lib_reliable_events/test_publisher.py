from reliable_events.publisher import ConfirmingPublisher, connection_params


def test_amqp_uri_becomes_py_amqp_connection_parameters():
    assert connection_params("amqp://hall:s%40cret@broker:5673/prod") == {
        "host": "broker:5673",
        "userid": "hall",
        "password": "s@cret",
        "virtual_host": "prod",
    }


def test_default_vhost_is_the_root_vhost():
    assert connection_params("amqp://guest:guest@localhost/")["virtual_host"] == "/"


def test_a_multiple_ack_settles_every_tag_up_to_it_and_no_further():
    publisher = ConfirmingPublisher("amqp://localhost/")
    publisher._unconfirmed = {1, 2, 3, 4}
    publisher._on_ack(3, True)
    assert publisher._unconfirmed == {4}


def test_a_nack_is_remembered_so_the_batch_is_retried():
    publisher = ConfirmingPublisher("amqp://localhost/")
    publisher._unconfirmed = {7, 8}
    publisher._on_nack(8, False)
    assert publisher._unconfirmed == {7}
    assert publisher._nacked == {8}


def test_acks_and_nacks_of_a_batch_settle_each_tag_once_in_any_mix():
    publisher = ConfirmingPublisher("amqp://localhost/")
    publisher._unconfirmed = set(range(1, 501))
    publisher._on_ack(200, True)
    publisher._on_ack(350, False)
    publisher._on_nack(400, True)
    publisher._on_ack(200, True)  # a repeated multiple ack settles nothing more
    assert publisher._unconfirmed == set(range(401, 501))
    assert publisher._nacked == set(range(201, 401)) - {350}
