"""The joint_review service."""
