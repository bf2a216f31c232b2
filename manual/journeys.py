"""The 操作手册 of each role, as data: the steps a person of that role walks through the portal.

The same steps are walked twice: by ``manage.py build_manual``, which photographs each step in the demo county and
prints the manual, and by the browser test ``tests/manual/test_journeys.py``, which walks them on a small world and
fails as soon as a page, a heading or a photographed element named here is gone. A manual whose steps no longer
match the portal therefore cannot be built, and the test suite says so first.
"""

from dataclasses import dataclass

from core.choices import Role


@dataclass(frozen=True)
class Step:
    """One page of a journey: where to go, what to do there, what to photograph and what to tell the reader."""

    title: str
    text: str
    # URL name to open (``reverse``d, no arguments); empty to stay on the page the previous step left.
    url: str = ""
    # CSS selectors clicked in order after opening the page (to open a menu, a record, a tab).
    click: tuple[str, ...] = ()
    # (label, value) pairs typed into the form; ``{username}`` and ``{password}`` are the account's.
    fill: tuple[tuple[str, str], ...] = ()
    # Text the page's first heading must contain: the page is the one the text describes.
    heading: str = ""
    # CSS selector of the element that must be visible; photographed alone when ``crop``, else the window is.
    target: str = "main"
    crop: bool = False
    # Scroll the target to the top of the window before the picture (a part further down a long page).
    scroll: bool = False
    # CSS selector of an element outlined in red on the picture (the button or link the text names).
    mark: str = ""
    # CSS selector clicked after the picture is taken (the login button), then the next page is awaited.
    then: str = ""


@dataclass(frozen=True)
class Journey:
    """The manual of one role: its readers, the device they use, the demo account photographed, the steps."""

    role: str
    title: str
    readers: str
    username: str
    phone: bool
    steps: tuple[Step, ...]


def _sign_in(device: str) -> Step:
    return Step(
        title="登录",
        text=(
            f"在{device}浏览器中打开本单位的红色引擎地址，输入县委社会工作部分配的用户名和密码，点击“登录”。"
            "首次登录须先修改初始密码。连续输错 5 次密码，账号会临时锁定 15 分钟，页面会说明还需等待多久。"
        ),
        url="login",
        fill=(("用户名", "{username}"), ("密码", "{password}")),
        heading="登录红色引擎",
        target="form",
        mark="button[type=submit]",
        then="button[type=submit]",
    )


_MANUAL_LINK = Step(
    title="随时查看本手册",
    text="页面右上角“帮助”菜单中的“操作手册”打开本角色的操作手册（即本文件），手册随系统更新重新生成。",
    url="core:home",
    click=("#helpMenu",),
    target="#helpMenu + .dropdown-menu",
    mark="#helpMenu + .dropdown-menu a",
)

_PHONE_MANUAL_LINK = Step(
    title="随时查看本手册",
    text="点开右上角的菜单按钮，菜单底部“帮助”中的“操作手册”打开本手册。",
    url="core:home",
    click=(".navbar-toggler", "#helpMenu"),
    target="nav.navbar",
    crop=True,
    mark="#helpMenu + .dropdown-menu a",
)

COUNTY = Journey(
    role=Role.COUNTY_ADMIN,
    title="县级管理员操作手册",
    readers="县委社会工作部（两新工委）工作人员，在电脑上使用，管理范围为全县。",
    username="county_admin",
    phone=False,
    steps=(
        _sign_in("电脑"),
        Step(
            title="首页：待办事项",
            text=(
                "登录后进入首页。左侧“待办事项”列出需要县级处理的事项及件数，点一项进入要处理的名单；"
                "右侧是未读的站内通知。顶部是各栏目，右上角是帮助、通知和本人的账号菜单。"
            ),
            url="core:home",
        ),
        Step(
            title="首页：全县数字一览",
            text=(
                "首页下方按组织覆盖、党员队伍、积分评星、诉求办理等分组列出主要数字，点数字打开它所统计的名单。"
                "上方可按街镇/园区和年度筛选；把鼠标停在数字名称上或展开“指标口径”可看到统计口径。"
            ),
            url="core:home",
            target="form.filter-bar",
            scroll=True,
        ),
        Step(
            title="组织覆盖情况",
            text=(
                "“组织覆盖”→“覆盖情况”按街镇/园区和组织类型列出组织覆盖率、工作覆盖率及其分子分母，"
                "附图表，可导出和打印。"
            ),
            url="organizations:coverage",
            heading="覆盖情况",
        ),
        Step(
            title="党组织名册",
            text=(
                "“组织覆盖”→“党组织”列出全县党组织。上方可筛选、搜索；右侧按钮可新建党组织、按模板导入、"
                "导出 Excel 或打印 PDF。点组织名称进入详情查看下级组织和修改记录。"
            ),
            url="organizations:partyorganization_list",
            heading="党组织",
        ),
        Step(
            title="人员与发展党员",
            text=(
                "“党员队伍”→“人员”列出党员、积极分子和发展对象；人员页显示发展党员五个阶段的全过程和下一步。"
                "身份证号和电话按角色脱敏显示，查看完整信息会留痕。"
            ),
            url="members:person_list",
            heading="人员",
        ),
        Step(
            title="公示管理",
            text=(
                "“积分评星”→“公示”管理积分、星级和评选结果的公示：公示期按工作日计算，"
                "公示中可登记和处理异议，公示单可打印为 PDF 并出现在免登录的公示栏。"
            ),
            url="scoring:posting_list",
            heading="公示",
        ),
        Step(
            title="生成工作报告",
            text=(
                "首页的“生成工作报告”选择街镇/园区和统计期间，点击生成。报告在后台生成并显示进度，"
                "完成后可下载 PDF（含图表和指标口径）和同样数字的 Excel。"
            ),
            url="core:report_start",
            heading="生成工作报告",
            mark="main button[type=submit]",
        ),
        Step(
            title="后台任务",
            text=(
                "用户菜单中的“后台任务”列出本人发起的报告、导出、证书批量打印，以及每月结账、季度评选；"
                "失败或中断的任务可点“重新运行”。"
            ),
            url="core:job_list",
            heading="后台任务",
        ),
        Step(
            title="节假日安排",
            text=(
                "每年 12 月国务院公布下一年放假安排后，在“节假日安排”录入放假和调休日期。"
                "公示期、诉求时限按工作日计算，未录入的年份按周一至周五计算，并在公示上注明。"
            ),
            url="core:holiday_schedule_list",
            heading="节假日安排",
        ),
        _MANUAL_LINK,
    ),
)

AREA = Journey(
    role=Role.AREA_REVIEWER,
    title="街镇/园区审核员操作手册",
    readers="街道、镇乡、开发区和产业园党（工）委工作人员，在电脑上使用，管理范围为本辖区。",
    username="zhongdu_reviewer",
    phone=False,
    steps=(
        _sign_in("电脑"),
        Step(
            title="首页：本辖区数字和待办",
            text="首页显示本辖区的各项数字和待办事项，点待办进入要处理的名单。",
            url="core:home",
        ),
        Step(
            title="党组织名册",
            text=("“组织覆盖”→“党组织”列出本辖区的党组织，可新建、修改和按模板导入；其他辖区的组织不显示。"),
            url="organizations:partyorganization_list",
            heading="党组织",
        ),
        Step(
            title="应建未建名单",
            text="“组织覆盖”→“应建未建”列出本辖区达到条件但尚未建立党组织的经营主体，可导出后逐一跟进。",
            url="organizations:should_have_list",
            heading="应建未建",
        ),
        Step(
            title="摸底排查",
            text="县级开启半年一次的摸底排查后，在这里按“六个清”逐户填报本辖区的排查记录，并查看进度。",
            url="organizations:surveycampaign_list",
            heading="摸底排查",
        ),
        Step(
            title="审核季度积分卡",
            text=(
                "“积分评星”→“季度积分卡”列出本辖区党组织提交的积分卡。打开一张积分卡，核对四个维度的得分后"
                "“审核通过”，或填写理由“退回”书记修改。"
            ),
            url="scoring:scorecard_list",
            heading="积分卡",
        ),
        Step(
            title="组织生活落实情况",
            text="“组织生活”→“落实情况”按月、季、年列出本辖区各党组织缺少的会议，供督促落实。",
            url="party_life:compliance",
            heading="组织生活",
        ),
        Step(
            title="生成本辖区工作报告",
            text="选择统计期间生成本辖区的工作报告，后台生成完成后下载 PDF 和 Excel。",
            url="core:report_start",
            heading="生成工作报告",
            mark="main button[type=submit]",
        ),
        _MANUAL_LINK,
    ),
)

SECRETARY = Journey(
    role=Role.ORG_SECRETARY,
    title="党组织书记操作手册（手机版）",
    readers="企业和社会组织党组织书记，常用手机操作，管理范围为本组织及下级组织。",
    username="secretary_luyun",
    phone=True,
    steps=(
        _sign_in("手机"),
        Step(
            title="首页：我的待办",
            text="登录后首页列出需要您处理的事项，例如本月尚未记分、尚未提交的积分卡、缺少的组织生活会议。",
            url="core:home",
        ),
        Step(
            title="打开菜单",
            text="手机上的栏目收在右上角的菜单按钮里，点开后可进入组织覆盖、党员队伍、积分评星、组织生活等栏目。",
            url="core:home",
            click=(".navbar-toggler",),
            target="#mainNav.show",
            mark=".navbar-toggler",
        ),
        Step(
            title="月度记分",
            text=(
                "“积分评星”→“月度记分”：选择党组织和月份，打开记分表，为每名党员点选本月各项事项的次数后保存。"
                "记分只追加不修改，记错了用“冲销”更正；每月 1 日结账后不能再改。"
            ),
            url="scoring:grid_start",
            heading="月度记分",
        ),
        Step(
            title="登记组织生活",
            text=(
                "“组织生活”→“登记”：选择党组织后，一屏填写会议类型、日期、主题，再为每名党员点一下出席、"
                "请假（须填事由）或缺席。出席会自动记入星级党员积分。"
            ),
            url="party_life:meeting_start",
            heading="登记组织生活",
        ),
        Step(
            title="季度积分卡",
            text="每季度末填写本组织的积分卡，四个维度逐项打分后提交街镇/园区审核；退回的积分卡修改后重新提交。",
            url="scoring:scorecard_list",
            heading="积分卡",
        ),
        Step(
            title="党费收缴",
            text="“组织生活”→“党费”：核定每名党员的党费基数，登记每月缴纳；台账只增不改，记错了冲销更正。",
            url="party_life:member_dues",
            heading="党费",
        ),
        Step(
            title="站内通知",
            text="菜单中的“通知”列出发给您的提醒，如积分卡被退回、公示开始；“通知”旁的数字是未读条数。",
            url="core:notification_list",
            heading="通知",
        ),
        _PHONE_MANUAL_LINK,
    ),
)

CHAIN = Journey(
    role=Role.CHAIN_STAFF,
    title="产业链党委工作人员操作手册",
    readers="产业链党委工作人员，在电脑上使用，管理范围为本产业链。",
    username="chain_textile",
    phone=False,
    steps=(
        _sign_in("电脑"),
        Step(
            title="首页：我的待办",
            text="首页列出本产业链待接单、待派单、待确认销号和超期督办的企业诉求。",
            url="core:home",
        ),
        Step(
            title="产业链及成员单位",
            text="“产业链党建”→“产业链”列出产业链党委，点名称查看党委成员、“2+2+7+N”单位、链上企业和指导员。",
            url="industry_chains:industrychain_list",
            heading="产业链",
        ),
        Step(
            title="产业链详情",
            text="在产业链页可添加党委成员、成员单位和链上企业，为链上企业指定指导员。",
            url="industry_chains:industrychain_list",
            click=("main table tbody a",),
            target="main",
        ),
        Step(
            title="企业诉求",
            text=(
                "“企业诉求”列出本产业链的诉求及其时限。打开一件诉求，依次接单、派单给职能部门、会商、确认销号；"
                "时限按工作日计算，超期自动进入督办。"
            ),
            url="industry_chains:ticket_list",
            heading="诉求",
        ),
        Step(
            title="轮值安排",
            text="两个月一轮的轮值安排和红色沙龙在“轮值安排”中生成和调整。",
            url="industry_chains:dutyturn_list",
            heading="轮值",
        ),
        Step(
            title="督办考核",
            text="“督办考核”按期间统计各部门和产业链的办理时效、超期和满意度，附图表，可导出 Excel。",
            url="industry_chains:assessment",
            heading="督办考核",
        ),
        _MANUAL_LINK,
    ),
)

DEPARTMENT = Journey(
    role=Role.DEPT_HANDLER,
    title="职能部门经办人操作手册",
    readers="县直职能部门经办人，在电脑上使用，办理交办本部门的企业诉求。",
    username="dept_gxj",
    phone=False,
    steps=(
        _sign_in("电脑"),
        Step(
            title="首页：我的待办",
            text="首页列出交办本部门、等待办理的企业诉求和即将超期的诉求。",
            url="core:home",
        ),
        Step(
            title="企业诉求",
            text=(
                "“产业链党建”→“企业诉求”列出交办本部门的诉求。打开一件诉求，填写办理情况后提交；"
                "不能按期办结的，在到期前申请延期并说明理由。"
            ),
            url="industry_chains:ticket_list",
            heading="诉求",
        ),
        Step(
            title="督办考核",
            text="“督办考核”显示本部门的办理时效、超期件数和企业满意度。",
            url="industry_chains:assessment",
            heading="督办考核",
        ),
        Step(
            title="站内通知",
            text="有新的诉求交办或即将超期时，右上角“通知”会提醒；数字表示未读条数。",
            url="core:notification_list",
            heading="通知",
        ),
        _MANUAL_LINK,
    ),
)

JOURNEYS: dict[str, Journey] = {journey.role: journey for journey in (COUNTY, AREA, SECRETARY, CHAIN, DEPARTMENT)}
