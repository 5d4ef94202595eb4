"""The sandboxed chart executor: run untrusted plotting code fast and isolated.

Host side only; what runs inside the jail lives in the top-level sandbox/ folder.
"""

from cit.executor.config import ExecutorConfig
from cit.executor.executor import Executor
from cit.executor.slot import SandboxError
from cit.executor.types import Job, JobResult

__all__ = ["Executor", "ExecutorConfig", "Job", "JobResult", "SandboxError"]
