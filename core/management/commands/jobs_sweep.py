"""Re-send background jobs left waiting and requeue those whose worker stopped: what beat does every minute, for
the embedded default (no beat: scripts/run.sh runs it at start) and by hand after an outage."""

from django.core.management.base import BaseCommand

from core import imports, jobs


class Command(BaseCommand):
    help = "重新发送等待中的后台任务，恢复处理进程已停止的任务（正式部署由 beat 每分钟执行）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--stopped",
            action="store_true",
            help="没有任何后台进程在运行（如内嵌模式启动时）：所有“运行中”的任务都视为已中断。",
        )

    def handle(self, *args, stopped: bool = False, **options):
        timeout = 0 if stopped else None
        counts = [imports.import_jobs_sweep(heartbeat_timeout=timeout), jobs.jobs_sweep(heartbeat_timeout=timeout)]
        interrupted = sum(count["interrupted"] for count in counts)
        sent = sum(count["sent"] for count in counts)
        self.stdout.write(f"已将 {interrupted} 个中断的任务重新排队，共发送 {sent} 个后台任务。")
