"""A department's own system on the joint-review bus: reads its review tasks, answers each.

It stands for (or is the model of) what a department connects with its ``dept_<code>`` broker
account: consume ``review_tasks.<department>``, publish ``submit_opinion`` commands to
``joint_review.commands`` (hall_contracts.topology, hall_contracts.commands).
"""

from department_agent.agent import DepartmentAgent
from department_agent.policy import Policy, opinion_for, opinion_id_for

__all__ = ["DepartmentAgent", "Policy", "opinion_for", "opinion_id_for"]
