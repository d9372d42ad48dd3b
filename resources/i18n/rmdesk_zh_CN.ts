<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <source>The database needs an update. Run “rmdesk init” once, then start again.</source>
        <translation>数据库需要升级。请先运行一次“rmdesk init”，再重新启动。</translation>
    </message>
    <message>
        <source>rmdesk</source>
        <translation>rmdesk</translation>
    </message>
    <message>
        <source>The database could not be opened:
%1</source>
        <translation>无法打开数据库：
%1</translation>
    </message>
    <message>
        <source>This database has no users yet. Run “rmdesk init” to create the first administrator (and “rmdesk demo” for a demo branch), then start rmdesk again.</source>
        <translation>该数据库还没有用户。请运行“rmdesk init”创建第一个管理员（如需演示数据再运行“rmdesk demo”），然后重新启动 rmdesk。</translation>
    </message>
</context>
<context>
    <name>BackupAction</name>
    <message>
        <source>Back up database</source>
        <translation>备份数据库</translation>
    </message>
    <message>
        <source>Only an administrator backs up the embedded database.</source>
        <translation>只有管理员可以备份内置数据库。</translation>
    </message>
    <message>
        <source>rmdesk database (*.sqlite3)</source>
        <translation>rmdesk 数据库 (*.sqlite3)</translation>
    </message>
    <message>
        <source>Copying the database…</source>
        <translation>正在复制数据库…</translation>
    </message>
    <message>
        <source>Backed up to %1 (%2 bytes).
SHA-256: %3</source>
        <translation>已备份到 %1（%2 字节）。
SHA-256：%3</translation>
    </message>
    <message>
        <source>Not backed up: %1</source>
        <translation>未备份：%1</translation>
    </message>
    <message>
        <source>Backing up the database</source>
        <translation>正在备份数据库</translation>
    </message>
</context>
<context>
    <name>BatchDialog</name>
    <message>
        <source>Accounts with an open margin call</source>
        <translation>有未解除追保预警的账户</translation>
    </message>
    <message>
        <source>Accounts below the emergency line</source>
        <translation>低于紧急线的账户</translation>
    </message>
    <message>
        <source>Accounts below the close-out line</source>
        <translation>低于平仓线的账户</translation>
    </message>
    <message>
        <source>Accounts below the warning line</source>
        <translation>低于警戒线的账户</translation>
    </message>
    <message>
        <source>All my clients</source>
        <translation>我的全部客户</translation>
    </message>
    <message>
        <source>Custom filter</source>
        <translation>自定义筛选</translation>
    </message>
    <message>
        <source>Print a batch</source>
        <translation>批量打印</translation>
    </message>
    <message>
        <source>YYYY-MM (default: the month of the latest import)</source>
        <translation>YYYY-MM（默认：最近一次导入所在月份）</translation>
    </message>
    <message>
        <source>One PDF per client, in a folder</source>
        <translation>每位客户一个 PDF，保存到文件夹</translation>
    </message>
    <message>
        <source>One merged PDF for the printer</source>
        <translation>合并为一个 PDF，便于打印</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>文书</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>筛选表达式</translation>
    </message>
    <message>
        <source>Statement period</source>
        <translation>对账期间</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Merged PDF</source>
        <translation>合并的 PDF</translation>
    </message>
    <message>
        <source>Folder for the PDFs</source>
        <translation>PDF 保存文件夹</translation>
    </message>
    <message>
        <source>Choose a folder, or a .pdf file for the merged output.</source>
        <translation>请选择文件夹；合并输出请选择 .pdf 文件。</translation>
    </message>
    <message>
        <source>The file exists already; choose another name.</source>
        <translation>文件已存在，请换一个文件名。</translation>
    </message>
</context>
<context>
    <name>ChangesModel</name>
    <message>
        <source>Account</source>
        <translation>信用账号</translation>
    </message>
    <message>
        <source>Client no.</source>
        <translation>客户号</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>New warning</source>
        <translation>新增预警</translation>
    </message>
    <message>
        <source>Warning resolved</source>
        <translation>预警解除</translation>
    </message>
    <message>
        <source>Warning escalated</source>
        <translation>预警升级</translation>
    </message>
    <message>
        <source>Level changed</source>
        <translation>风险等级变化</translation>
    </message>
    <message>
        <source>new</source>
        <translation>新账户</translation>
    </message>
</context>
<context>
    <name>CheckPage</name>
    <message>
        <source>Check the files</source>
        <translation>检查文件</translation>
    </message>
    <message>
        <source>Every row of every file is checked first; nothing is written at this step.</source>
        <translation>先逐行检查每个文件；这一步不会写入任何数据。</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>Check &amp;again</source>
        <translation>重新检查(&amp;A)</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Checking the files…</source>
        <translation>正在检查文件…</translation>
    </message>
    <message>
        <source>The check could not run: %1</source>
        <translation>检查无法进行：%1</translation>
    </message>
    <message>
        <source>The check was cancelled.</source>
        <translation>检查已取消。</translation>
    </message>
    <message>
        <source>%1 error(s) and %2 notice(s). Nothing will be written: fix the files, then check again.</source>
        <translation>发现 %1 个错误、%2 条提示。不会写入任何数据：请修正文件后重新检查。</translation>
    </message>
    <message>
        <source>%1 error(s). Nothing will be written: fix the files, then check again.</source>
        <translation>发现 %1 个错误。不会写入任何数据：请修正文件后重新检查。</translation>
    </message>
    <message>
        <source>No errors (%1 notice(s)). Press Import to write the day&apos;s data.</source>
        <translation>没有错误（%1 条提示）。点击“导入”写入当日数据。</translation>
    </message>
    <message>
        <source>No errors. Press Import to write the day&apos;s data.</source>
        <translation>没有错误。点击“导入”写入当日数据。</translation>
    </message>
    <message>
        <source>%1 (%2 rows, %3)</source>
        <translation>%1（%2 行，%3）</translation>
    </message>
    <message>
        <source>Files read: %1</source>
        <translation>已读取文件：%1</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
</context>
<context>
    <name>ClientBookModel</name>
    <message>
        <source>Client no</source>
        <translation>客户号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>客户级别</translation>
    </message>
    <message>
        <source>Risk level</source>
        <translation>风险等级</translation>
    </message>
    <message>
        <source>RM</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <source>Maintenance ratio</source>
        <translation>维持担保比例</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>风险状态</translation>
    </message>
    <message>
        <source>Open warnings</source>
        <translation>未解除预警</translation>
    </message>
    <message>
        <source>Next callback</source>
        <translation>下次回访</translation>
    </message>
    <message>
        <source>Open cases</source>
        <translation>未结投诉</translation>
    </message>
    <message>
        <source>As of %1</source>
        <translation>数据日期 %1</translation>
    </message>
    <message>
        <source>(unassigned)</source>
        <translation>（未分配）</translation>
    </message>
</context>
<context>
    <name>ClientBookPage</name>
    <message>
        <source>Clients</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Name, pinyin initials, client/account no, phone&apos;s last 4</source>
        <translation>搜索姓名、拼音首字母、客户号、信用账号、手机尾号</translation>
    </message>
    <message>
        <source>Ctrl+F. Enter opens the client.</source>
        <translation>Ctrl+F 定位到此；回车打开客户档案</translation>
    </message>
    <message>
        <source>All levels</source>
        <translation>全部风险状态</translation>
    </message>
    <message>
        <source>No figures</source>
        <translation>暂无指标</translation>
    </message>
    <message>
        <source>All tiers</source>
        <translation>全部客户级别</translation>
    </message>
    <message>
        <source>All risk levels</source>
        <translation>全部风险等级</translation>
    </message>
    <message>
        <source>All RMs</source>
        <translation>全部客户经理</translation>
    </message>
    <message>
        <source>Has open warning</source>
        <translation>有未解除预警</translation>
    </message>
    <message>
        <source>Show archived</source>
        <translation>显示已归档</translation>
    </message>
    <message>
        <source>New client…</source>
        <translation>新建客户…</translation>
    </message>
    <message>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Enter or double click</source>
        <translation>回车或双击</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <source>The current view, personal data masked</source>
        <translation>导出当前列表，个人信息脱敏</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>F5</source>
        <translation>F5</translation>
    </message>
    <message>
        <source>(unassigned)</source>
        <translation>（未分配）</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>%1 of %2 clients</source>
        <translation>显示 %1 / 共 %2 位客户</translation>
    </message>
    <message>
        <source>Export clients</source>
        <translation>导出客户清单</translation>
    </message>
    <message>
        <source>Excel (*.xlsx)</source>
        <translation>Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
        <source>Exporting clients…</source>
        <translation>正在导出客户清单…</translation>
    </message>
    <message>
        <source>Exported %1 clients to %2</source>
        <translation>已导出 %1 位客户到 %2</translation>
    </message>
</context>
<context>
    <name>ClientFigures</name>
    <message>
        <source>Cash</source>
        <translation>现金余额</translation>
    </message>
    <message>
        <source>Market value</source>
        <translation>持仓市值</translation>
    </message>
    <message>
        <source>Collateral value</source>
        <translation>折算后担保物价值</translation>
    </message>
    <message>
        <source>Total assets</source>
        <translation>总资产</translation>
    </message>
    <message>
        <source>Financing debt</source>
        <translation>融资负债</translation>
    </message>
    <message>
        <source>Short value</source>
        <translation>融券市值</translation>
    </message>
    <message>
        <source>Interest and fees</source>
        <translation>应计利息及费用</translation>
    </message>
    <message>
        <source>Total liabilities</source>
        <translation>总负债</translation>
    </message>
    <message>
        <source>Net assets</source>
        <translation>净资产</translation>
    </message>
    <message>
        <source>Maintenance ratio</source>
        <translation>维持担保比例</translation>
    </message>
    <message>
        <source>Top-up to target</source>
        <translation>追保至目标线需追加</translation>
    </message>
    <message>
        <source>Repay to target</source>
        <translation>卖券还款至目标线</translation>
    </message>
    <message>
        <source>Fall to warning line</source>
        <translation>距警戒线跌幅</translation>
    </message>
    <message>
        <source>Fall to close-out line</source>
        <translation>距平仓线跌幅</translation>
    </message>
    <message>
        <source>Largest position share</source>
        <translation>最大单一持仓占比</translation>
    </message>
    <message>
        <source>Withdrawable</source>
        <translation>可提取金额</translation>
    </message>
    <message>
        <source>Available margin</source>
        <translation>保证金可用余额</translation>
    </message>
    <message>
        <source>Credit limit</source>
        <translation>授信额度</translation>
    </message>
    <message>
        <source>Credit used</source>
        <translation>已用授信</translation>
    </message>
    <message>
        <source>Credit available</source>
        <translation>剩余授信</translation>
    </message>
    <message>
        <source>Warning line</source>
        <translation>警戒线</translation>
    </message>
    <message>
        <source>Close-out line</source>
        <translation>平仓线</translation>
    </message>
    <message>
        <source>Top-up target</source>
        <translation>追保目标线</translation>
    </message>
    <message>
        <source>Emergency line</source>
        <translation>紧急线</translation>
    </message>
</context>
<context>
    <name>ClientFileWindow</name>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Mask personal data</source>
        <translation>重新脱敏</translation>
    </message>
    <message>
        <source>Reveal personal data</source>
        <translation>查看完整个人信息</translation>
    </message>
    <message>
        <source>Supervisors only; recorded in the audit log</source>
        <translation>仅限营业部负责人，操作记入审计日志</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Archive…</source>
        <translation>归档…</translation>
    </message>
    <message>
        <source>Archived clients leave the book but are never deleted</source>
        <translation>归档的客户不再显示在客户列表中，但不会被删除</translation>
    </message>
    <message>
        <source>Print statement</source>
        <translation>打印对账单</translation>
    </message>
    <message>
        <source>Ctrl+P; the arrow offers the other documents</source>
        <translation>Ctrl+P；点击箭头可选择其他文书</translation>
    </message>
    <message>
        <source>Account statement (this month)</source>
        <translation>对账单（本月）</translation>
    </message>
    <message>
        <source>Risk-disclosure letter</source>
        <translation>融资融券交易风险揭示书</translation>
    </message>
    <message>
        <source>Margin-call notice</source>
        <translation>追加担保物通知书</translation>
    </message>
    <message>
        <source>Visit briefing pack</source>
        <translation>客户拜访简报</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>F5</source>
        <translation>F5</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>客户概况</translation>
    </message>
    <message>
        <source>Account and figures</source>
        <translation>信用账户与指标</translation>
    </message>
    <message>
        <source>Positions (%1)</source>
        <translation>持仓（%1）</translation>
    </message>
    <message>
        <source>Contracts (%1)</source>
        <translation>合约（%1）</translation>
    </message>
    <message>
        <source>Warnings (%1)</source>
        <translation>风险预警（%1）</translation>
    </message>
    <message>
        <source>Callbacks (%1)</source>
        <translation>回访（%1）</translation>
    </message>
    <message>
        <source>Complaints (%1)</source>
        <translation>投诉（%1）</translation>
    </message>
    <message>
        <source>Documents (%1)</source>
        <translation>文书（%1）</translation>
    </message>
    <message>
        <source>Client file</source>
        <translation>客户档案</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Client file — %1 %2</source>
        <translation>客户档案 — %1 %2</translation>
    </message>
    <message>
        <source>RM %1</source>
        <translation>客户经理 %1</translation>
    </message>
    <message>
        <source>(unassigned)</source>
        <translation>（未分配客户经理）</translation>
    </message>
    <message>
        <source>account %1</source>
        <translation>信用账号 %1</translation>
    </message>
    <message>
        <source>The full ID number and mobile number will be shown. This is recorded in the audit log.</source>
        <translation>将显示完整的证件号码和手机号码，此操作将记入审计日志。</translation>
    </message>
    <message>
        <source>Archive client</source>
        <translation>归档客户</translation>
    </message>
    <message>
        <source>Archive %1? The client leaves the book (see &quot;Show archived&quot;); nothing is deleted.</source>
        <translation>确定归档 %1？归档后该客户不在客户列表中显示（可勾选“显示已归档”查看），任何记录都不会被删除。</translation>
    </message>
</context>
<context>
    <name>ClientForm</name>
    <message>
        <source>Client no</source>
        <translation>客户号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID type</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>联系地址</translation>
    </message>
    <message>
        <source>Occupation</source>
        <translation>职业</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Investor type</source>
        <translation>投资者类型</translation>
    </message>
    <message>
        <source>Risk level</source>
        <translation>风险等级</translation>
    </message>
    <message>
        <source>Assessed on</source>
        <translation>测评日期</translation>
    </message>
    <message>
        <source>Trading since</source>
        <translation>首次交易日</translation>
    </message>
    <message>
        <source>Avg daily assets (20 days)</source>
        <translation>近 20 日日均资产</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>客户级别</translation>
    </message>
    <message>
        <source>RM</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Controller&apos;s client no</source>
        <translation>实际控制人客户号</translation>
    </message>
    <message>
        <source>Broker&apos;s shareholder or related party</source>
        <translation>本公司股东或关联人</translation>
    </message>
    <message>
        <source>Credit account at another broker</source>
        <translation>已在其他证券公司开立信用账户</translation>
    </message>
    <message>
        <source>Dormant</source>
        <translation>休眠客户</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>ClientFormDialog</name>
    <message>
        <source>New client</source>
        <translation>新建客户</translation>
    </message>
    <message>
        <source>Edit client %1</source>
        <translation>编辑客户 %1</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>YYYY-MM-DD</translation>
    </message>
    <message>
        <source>yuan, e.g. 520000.00</source>
        <translation>单位：元，如 520000.00</translation>
    </message>
    <message>
        <source>11 digits</source>
        <translation>11 位数字</translation>
    </message>
    <message>
        <source>comma separated</source>
        <translation>多个标签用逗号分隔</translation>
    </message>
    <message>
        <source>(unassigned)</source>
        <translation>（未分配）</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Masked: leave as shown to keep it, or type the full number</source>
        <translation>已脱敏：保持不变即保留原号码，修改请输入完整号码</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Your changes are applied to the stored version: check them and save again.</source>
        <translation>已将您的修改应用到最新保存的版本，请核对后再次保存。</translation>
    </message>
    <message>
        <source>The stored version is loaded.</source>
        <translation>已载入最新保存的版本。</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>放弃修改</translation>
    </message>
    <message>
        <source>Close the form and discard your changes?</source>
        <translation>关闭表单并放弃所做的修改？</translation>
    </message>
</context>
<context>
    <name>ClientLabels</name>
    <message>
        <source>Normal</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警戒</translation>
    </message>
    <message>
        <source>Close-out</source>
        <translation>平仓</translation>
    </message>
    <message>
        <source>Emergency</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>High net worth</source>
        <translation>高净值</translation>
    </message>
    <message>
        <source>VIP</source>
        <translation>VIP</translation>
    </message>
    <message>
        <source>C1 conservative</source>
        <translation>C1 保守型</translation>
    </message>
    <message>
        <source>C2 moderately conservative</source>
        <translation>C2 相对保守型</translation>
    </message>
    <message>
        <source>C3 balanced</source>
        <translation>C3 稳健型</translation>
    </message>
    <message>
        <source>C4 moderately aggressive</source>
        <translation>C4 相对积极型</translation>
    </message>
    <message>
        <source>C5 aggressive</source>
        <translation>C5 积极型</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Frozen</source>
        <translation>冻结</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>销户</translation>
    </message>
    <message>
        <source>Mainland ID card</source>
        <translation>身份证</translation>
    </message>
    <message>
        <source>Passport</source>
        <translation>护照</translation>
    </message>
    <message>
        <source>HK/Macao travel permit</source>
        <translation>港澳通行证</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Ordinary investor</source>
        <translation>普通投资者</translation>
    </message>
    <message>
        <source>Professional investor</source>
        <translation>专业投资者</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Below warning line</source>
        <translation>低于警戒线</translation>
    </message>
    <message>
        <source>Margin call</source>
        <translation>追加担保物</translation>
    </message>
    <message>
        <source>Below emergency line</source>
        <translation>低于紧急线</translation>
    </message>
    <message>
        <source>Concentration</source>
        <translation>持仓集中度超限</translation>
    </message>
    <message>
        <source>Contract due</source>
        <translation>合约即将到期</translation>
    </message>
    <message>
        <source>Assessment expiring</source>
        <translation>风险测评即将到期</translation>
    </message>
    <message>
        <source>Suitability</source>
        <translation>适当性不匹配</translation>
    </message>
    <message>
        <source>Credit line use</source>
        <translation>授信使用率过高</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>Notified</source>
        <translation>已通知</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>已解除</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>已升级</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>待回访</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>New account</source>
        <translation>新开信用账户</translation>
    </message>
    <message>
        <source>Yearly quota</source>
        <translation>年度抽样</translation>
    </message>
    <message>
        <source>After a warning</source>
        <translation>预警后回访</translation>
    </message>
    <message>
        <source>After a complaint</source>
        <translation>投诉后满意度回访</translation>
    </message>
    <message>
        <source>Tier care</source>
        <translation>分级关怀</translation>
    </message>
    <message>
        <source>By hand</source>
        <translation>手工安排</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已受理</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Investigating</source>
        <translation>调查中</translation>
    </message>
    <message>
        <source>Waiting for client</source>
        <translation>等待客户</translation>
    </message>
    <message>
        <source>Responded</source>
        <translation>已答复</translation>
    </message>
    <message>
        <source>Reopened</source>
        <translation>已重开</translation>
    </message>
    <message>
        <source>Account statement</source>
        <translation>对账单</translation>
    </message>
    <message>
        <source>Risk disclosure</source>
        <translation>风险揭示书</translation>
    </message>
    <message>
        <source>Margin-call notice</source>
        <translation>追加担保物通知书</translation>
    </message>
    <message>
        <source>Visit briefing pack</source>
        <translation>客户拜访简报</translation>
    </message>
    <message>
        <source>Financing</source>
        <translation>融资</translation>
    </message>
    <message>
        <source>Short sale</source>
        <translation>融券</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>股票</translation>
    </message>
    <message>
        <source>ETF</source>
        <translation>ETF</translation>
    </message>
    <message>
        <source>Fund</source>
        <translation>基金</translation>
    </message>
    <message>
        <source>Bond</source>
        <translation>债券</translation>
    </message>
    <message>
        <source>Government bond</source>
        <translation>国债</translation>
    </message>
    <message>
        <source>Money-market fund</source>
        <translation>货币基金</translation>
    </message>
</context>
<context>
    <name>ClientProfile</name>
    <message>
        <source>Client no</source>
        <translation>客户号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>证件</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>联系地址</translation>
    </message>
    <message>
        <source>Occupation</source>
        <translation>职业</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>客户级别</translation>
    </message>
    <message>
        <source>RM</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Actual controller</source>
        <translation>实际控制人</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Investor type</source>
        <translation>投资者类型</translation>
    </message>
    <message>
        <source>Risk level</source>
        <translation>风险等级</translation>
    </message>
    <message>
        <source>Assessed on</source>
        <translation>测评日期</translation>
    </message>
    <message>
        <source>Assessment valid until</source>
        <translation>测评有效期至</translation>
    </message>
    <message>
        <source>Trading since</source>
        <translation>首次交易日</translation>
    </message>
    <message>
        <source>Avg daily assets (20 days)</source>
        <translation>近 20 日日均资产</translation>
    </message>
</context>
<context>
    <name>ClientTables</name>
    <message>
        <source>Code</source>
        <translation>证券代码</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>证券名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>收盘价</translation>
    </message>
    <message>
        <source>Market value</source>
        <translation>市值</translation>
    </message>
    <message>
        <source>Haircut</source>
        <translation>折算率</translation>
    </message>
    <message>
        <source>Collateral value</source>
        <translation>折算后价值</translation>
    </message>
    <message>
        <source>Contract no</source>
        <translation>合约编号</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>合约类型</translation>
    </message>
    <message>
        <source>Trade date</source>
        <translation>成交日期</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>成交价格</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>成交金额</translation>
    </message>
    <message>
        <source>Outstanding</source>
        <translation>未还金额/数量</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>利率</translation>
    </message>
    <message>
        <source>Accrued interest</source>
        <translation>应计利息</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未了结</translation>
    </message>
    <message>
        <source>Repaid</source>
        <translation>已了结</translation>
    </message>
    <message>
        <source>Raised</source>
        <translation>产生日期</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>最近出现</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>关闭时间</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>回访原因</translation>
    </message>
    <message>
        <source>Done at</source>
        <translation>完成时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <source>Case no</source>
        <translation>工单编号</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>紧急程度</translation>
    </message>
    <message>
        <source>Respond by</source>
        <translation>答复期限</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Document no</source>
        <translation>文书编号</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>Generated</source>
        <translation>生成时间</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>页数</translation>
    </message>
    <message>
        <source>Signed copy back</source>
        <translation>签字回执</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Client no</source>
        <translation>客户号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Relation</source>
        <translation>关系</translation>
    </message>
    <message>
        <source>Access</source>
        <translation>权限</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>本人客户</translation>
    </message>
    <message>
        <source>Another RM&apos;s client</source>
        <translation>其他客户经理的客户</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Changed by someone else</source>
        <translation>客户档案已被他人修改</translation>
    </message>
    <message>
        <source>This client was changed and saved (version %1) after you opened it. Nothing has been overwritten. Compare the two versions:</source>
        <translation>您打开此客户后，档案已被修改并保存（版本 %1）。系统没有覆盖任何内容，请对比两个版本：</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Stored now</source>
        <translation>当前保存的版本</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>您的修改</translation>
    </message>
    <message>
        <source>Highlighted: fields that differ; bold: the side that changed it. Stored version saved at %1.</source>
        <translation>高亮：两版不同的字段；粗体：修改该字段的一方。当前版本保存于 %1。</translation>
    </message>
    <message>
        <source>Load the stored version</source>
        <translation>载入已保存的版本</translation>
    </message>
    <message>
        <source>Apply my changes to the stored version</source>
        <translation>将我的修改应用到已保存的版本</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>Curtain</name>
    <message>
        <source>Locked — enter your password to continue</source>
        <translation>已锁定 — 请输入密码继续</translation>
    </message>
</context>
<context>
    <name>DocumentsPage</name>
    <message>
        <source>Generating the document…</source>
        <translation>正在生成文书…</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>文书</translation>
    </message>
    <message>
        <source>Every statement, risk-disclosure letter, margin-call notice and visit brief the branch generated, with its number and SHA-256: who got what and when, and whether the signed copy came back.</source>
        <translation>本营业部生成的每一份对账单、风险揭示书、追加担保物通知书和客户拜访简报，连同文书编号和 SHA-256：谁在何时收到了什么，签字件是否已收回。</translation>
    </message>
    <message>
        <source>Search by document no., client no. or name (Ctrl+F)</source>
        <translation>按文书编号、客户号或姓名搜索（Ctrl+F）</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>Open / print…</source>
        <translation>打开 / 打印…</translation>
    </message>
    <message>
        <source>Handed over to the client</source>
        <translation>已交付客户</translation>
    </message>
    <message>
        <source>Signed copy came back</source>
        <translation>签字件已收回</translation>
    </message>
    <message>
        <source>Print a batch…</source>
        <translation>批量打印…</translation>
    </message>
    <message>
        <source>Verify a file…</source>
        <translation>核验文件…</translation>
    </message>
    <message>
        <source>Listed: %1</source>
        <translation>共 %1 份</translation>
    </message>
    <message>
        <source>Where is %1?</source>
        <translation>%1 在哪里？</translation>
    </message>
    <message>
        <source>Generating the documents…</source>
        <translation>正在生成文书…</translation>
    </message>
    <message>
        <source>%1 document(s), %2 page(s), in %3.</source>
        <translation>共 %1 份文书，%2 页，保存在 %3。</translation>
    </message>
    <message>
        <source>Skipped:</source>
        <translation>已跳过：</translation>
    </message>
    <message>
        <source>Batch done</source>
        <translation>批量打印完成</translation>
    </message>
    <message>
        <source>Verify a document file</source>
        <translation>核验文书文件</translation>
    </message>
    <message>
        <source>%1 — %2, client %3, generated %4</source>
        <translation>%1 — %2，客户号 %3，生成于 %4</translation>
    </message>
    <message>
        <source>This file is another document, not %1.</source>
        <translation>该文件是另一份文书，不是 %1。</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Show details</source>
        <translation>显示详情</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>复制详情</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Hide details</source>
        <translation>隐藏详情</translation>
    </message>
</context>
<context>
    <name>ErrorText</name>
    <message>
        <source>The database is busy (another program is writing to it). Please try again in a moment.</source>
        <translation>数据库正忙（另一个程序正在写入）。请稍后再试。</translation>
    </message>
    <message>
        <source>The database could not be read or written. Check that the file or server is available.</source>
        <translation>无法读写数据库。请检查数据库文件或服务器是否可用。</translation>
    </message>
    <message>
        <source>Access was denied to a file or folder: %1</source>
        <translation>没有访问文件或文件夹的权限：%1</translation>
    </message>
    <message>
        <source>A file or folder was not found: %1</source>
        <translation>找不到文件或文件夹：%1</translation>
    </message>
    <message>
        <source>A file could not be read or written: %1</source>
        <translation>无法读写文件：%1</translation>
    </message>
    <message>
        <source>Something went wrong: %1</source>
        <translation>出现错误：%1</translation>
    </message>
    <message>
        <source>Something went wrong (%1).</source>
        <translation>出现错误（%1）。</translation>
    </message>
</context>
<context>
    <name>FiguresPanel</name>
    <message>
        <source>Figures</source>
        <translation>账户指标</translation>
    </message>
    <message>
        <source>Maintenance ratio history</source>
        <translation>维持担保比例走势</translation>
    </message>
    <message>
        <source>This client has no credit account.</source>
        <translation>该客户尚未开立信用账户。</translation>
    </message>
    <message>
        <source>Credit account %1</source>
        <translation>信用账号 %1</translation>
    </message>
    <message>
        <source>credit limit %1</source>
        <translation>授信额度 %1</translation>
    </message>
    <message>
        <source>financing rate %1</source>
        <translation>融资利率 %1</translation>
    </message>
    <message>
        <source>short-sale fee %1</source>
        <translation>融券费率 %1</translation>
    </message>
    <message>
        <source>opened %1</source>
        <translation>开户日期 %1</translation>
    </message>
    <message>
        <source>No figures yet: they appear after the first import.</source>
        <translation>暂无指标：首次导入数据后显示。</translation>
    </message>
    <message>
        <source>As of %1: %2, maintenance ratio %3</source>
        <translation>%1：%2，维持担保比例 %3</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Load the day&apos;s export of the core system: securities, clients, credit accounts, positions and contracts. The files are checked completely first; the import writes all or nothing, then the risk scan raises the day&apos;s warnings.</source>
        <translation>导入核心系统当日导出的证券、客户、信用账户、持仓和合约文件。系统先完整检查全部文件；导入要么全部写入、要么完全不写入，随后风险扫描生成当日预警。</translation>
    </message>
    <message>
        <source>Import the day&apos;s files…</source>
        <translation>导入当日文件…</translation>
    </message>
    <message>
        <source>Past imports</source>
        <translation>导入记录</translation>
    </message>
</context>
<context>
    <name>ImportRunsModel</name>
    <message>
        <source>As of</source>
        <translation>数据日期</translation>
    </message>
    <message>
        <source>Imported at</source>
        <translation>导入时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>Rejected (nothing written)</source>
        <translation>已拒绝（未写入）</translation>
    </message>
    <message>
        <source>Checked only</source>
        <translation>仅检查</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>New securities</source>
        <translation>新增证券</translation>
    </message>
    <message>
        <source>Updated securities</source>
        <translation>更新证券</translation>
    </message>
    <message>
        <source>New clients</source>
        <translation>新增客户</translation>
    </message>
    <message>
        <source>Updated clients</source>
        <translation>更新客户</translation>
    </message>
    <message>
        <source>New credit accounts</source>
        <translation>新增信用账户</translation>
    </message>
    <message>
        <source>Updated credit accounts</source>
        <translation>更新信用账户</translation>
    </message>
    <message>
        <source>Positions</source>
        <translation>持仓</translation>
    </message>
    <message>
        <source>Contracts</source>
        <translation>合约</translation>
    </message>
    <message>
        <source> · </source>
        <translation> · </translation>
    </message>
    <message>
        <source>Import the day&apos;s files</source>
        <translation>导入当日文件</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>下一步(&amp;N) &gt;</translation>
    </message>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; 上一步(&amp;B)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
</context>
<context>
    <name>IssuesModel</name>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>单元格内容</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>提示</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>rmdesk — log in</source>
        <translation>rmdesk — 登录</translation>
    </message>
    <message>
        <source>Margin-client desk</source>
        <translation>融资融券客户经理工作台</translation>
    </message>
    <message>
        <source>Log in with your branch user name and password.</source>
        <translation>请使用营业部分配的用户名和密码登录。</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>用户名(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密码(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
</context>
<context>
    <name>LoginText</name>
    <message>
        <source>Too many wrong passwords: %1 is locked until %2. Try again then, or ask an administrator.</source>
        <translation>密码错误次数过多：用户 %1 已被锁定至 %2。请届时再试，或联系管理员。</translation>
    </message>
    <message>
        <source>This user is disabled. Please ask an administrator.</source>
        <translation>该用户已停用，请联系管理员。</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Relationship manager</source>
        <translation>客户经理</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>营业部负责人/合规</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>rmdesk — margin-client desk</source>
        <translation>rmdesk — 融资融券客户经理工作台</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Find client</source>
        <translation>查找客户</translation>
    </message>
    <message>
        <source>New client…</source>
        <translation>新建客户…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Import the day&apos;s files…</source>
        <translation>导入当日文件…</translation>
    </message>
    <message>
        <source>Lock the desk</source>
        <translation>锁定工作台</translation>
    </message>
    <message>
        <source>Back up database…</source>
        <translation>备份数据库…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>About rmdesk</source>
        <translation>关于 rmdesk</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>This page could not be opened: %1</source>
        <translation>无法打开此页面：%1</translation>
    </message>
    <message>
        <source>New clients are created in the client book.</source>
        <translation>请在“客户”页面新建客户。</translation>
    </message>
    <message>
        <source>There is nothing to print on this page.</source>
        <translation>此页面没有可打印的内容。</translation>
    </message>
    <message>
        <source>Data as of %1</source>
        <translation>数据日期：%1</translation>
    </message>
    <message>
        <source>No data imported yet</source>
        <translation>尚未导入数据</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Holiday table lacks %1</source>
        <translation>节假日表缺少 %1 年数据</translation>
    </message>
    <message>
        <source>Work in progress</source>
        <translation>任务进行中</translation>
    </message>
    <message>
        <source>A job is still running. Stop it and quit?</source>
        <translation>仍有任务在运行。是否停止并退出？</translation>
    </message>
    <message>
        <source>rmdesk %1 — the desk of relationship managers serving margin-financing clients.</source>
        <translation>rmdesk %1 — 服务融资融券客户的客户经理工作台。</translation>
    </message>
</context>
<context>
    <name>OpRunner</name>
    <message>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Please wait</source>
        <translation>请稍候</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <source>Print preview — %1</source>
        <translation>打印预览 — %1</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <source>This section comes in a later version of rmdesk. It will:</source>
        <translation>本模块将在后续版本提供。届时可以：</translation>
    </message>
</context>
<context>
    <name>Policy</name>
    <message>
        <source>Lines</source>
        <translation>警戒线与平仓线</translation>
    </message>
    <message>
        <source>Warning line (1.40 = 140%)</source>
        <translation>警戒线（1.40 = 140%）</translation>
    </message>
    <message>
        <source>Close-out line</source>
        <translation>平仓线</translation>
    </message>
    <message>
        <source>Top-up target line</source>
        <translation>追保目标线</translation>
    </message>
    <message>
        <source>Emergency line</source>
        <translation>紧急线</translation>
    </message>
    <message>
        <source>Withdrawal line</source>
        <translation>提取线</translation>
    </message>
    <message>
        <source>Minimum ratio for a rollover</source>
        <translation>展期所需最低维持担保比例</translation>
    </message>
    <message>
        <source>Deadlines</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Contact after a warning (trading days)</source>
        <translation>预警后联系客户期限（交易日）</translation>
    </message>
    <message>
        <source>Top-up deadline of a margin call (trading days)</source>
        <translation>追加担保物期限（交易日）</translation>
    </message>
    <message>
        <source>Deadline below the emergency line (trading days)</source>
        <translation>低于紧急线处置期限（交易日）</translation>
    </message>
    <message>
        <source>Warn of contracts due within (calendar days)</source>
        <translation>合约到期提醒（自然日）</translation>
    </message>
    <message>
        <source>Contract term (months)</source>
        <translation>合约期限（月）</translation>
    </message>
    <message>
        <source>Suitability</source>
        <translation>适当性</translation>
    </message>
    <message>
        <source>Risk assessment valid for (years)</source>
        <translation>风险测评有效期（年）</translation>
    </message>
    <message>
        <source>Warn before the assessment expires (days)</source>
        <translation>测评到期前提醒（天）</translation>
    </message>
    <message>
        <source>Risk level required for margin trading (4 = C4)</source>
        <translation>融资融券所需风险等级（4 = C4）</translation>
    </message>
    <message>
        <source>Trading experience required (months)</source>
        <translation>所需交易经验（月）</translation>
    </message>
    <message>
        <source>Average daily assets required over 20 trading days (yuan)</source>
        <translation>近 20 个交易日日均资产要求（元）</translation>
    </message>
    <message>
        <source>Concentration and credit</source>
        <translation>集中度与授信</translation>
    </message>
    <message>
        <source>Concentration limit below the first band</source>
        <translation>集中度上限（低于第一档比例）</translation>
    </message>
    <message>
        <source>First ratio band</source>
        <translation>第一档维持担保比例</translation>
    </message>
    <message>
        <source>Concentration limit between the bands</source>
        <translation>集中度上限（两档之间）</translation>
    </message>
    <message>
        <source>Second ratio band (no limit above)</source>
        <translation>第二档维持担保比例（以上不设上限）</translation>
    </message>
    <message>
        <source>Credit line use that raises a warning</source>
        <translation>授信额度使用率预警值</translation>
    </message>
    <message>
        <source>Margin ratios</source>
        <translation>保证金比例</translation>
    </message>
    <message>
        <source>Financing margin ratio</source>
        <translation>融资保证金比例</translation>
    </message>
    <message>
        <source>Reduced financing margin ratio</source>
        <translation>下调后的融资保证金比例</translation>
    </message>
    <message>
        <source>Reduced ratio for trades from</source>
        <translation>下调比例适用起始成交日</translation>
    </message>
    <message>
        <source>Reduced ratio for trades until</source>
        <translation>下调比例适用截止成交日</translation>
    </message>
    <message>
        <source>Short-selling margin ratio</source>
        <translation>融券保证金比例</translation>
    </message>
    <message>
        <source>Default haircuts</source>
        <translation>默认折算率</translation>
    </message>
    <message>
        <source>Index constituent stocks</source>
        <translation>指数成分股</translation>
    </message>
    <message>
        <source>Other stocks</source>
        <translation>其他股票</translation>
    </message>
    <message>
        <source>ETFs</source>
        <translation>ETF</translation>
    </message>
    <message>
        <source>Government bonds</source>
        <translation>国债</translation>
    </message>
    <message>
        <source>Money-market funds</source>
        <translation>货币基金</translation>
    </message>
    <message>
        <source>Other funds</source>
        <translation>其他基金</translation>
    </message>
    <message>
        <source>Other bonds</source>
        <translation>其他债券</translation>
    </message>
    <message>
        <source>Callbacks</source>
        <translation>回访</translation>
    </message>
    <message>
        <source>Callback after a new credit account (months)</source>
        <translation>新开信用账户回访期限（月）</translation>
    </message>
    <message>
        <source>Yearly callback quota (share of clients)</source>
        <translation>年度回访比例（占客户数）</translation>
    </message>
    <message>
        <source>Callback after a margin call (working days)</source>
        <translation>追保后回访期限（工作日）</translation>
    </message>
    <message>
        <source>Callback after a closed complaint (working days)</source>
        <translation>投诉办结后回访期限（工作日）</translation>
    </message>
    <message>
        <source>Keep callback records for (years)</source>
        <translation>回访记录保存年限（年）</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>Acknowledge within (working days)</source>
        <translation>受理期限（工作日）</translation>
    </message>
    <message>
        <source>Respond within (working days)</source>
        <translation>答复期限（工作日）</translation>
    </message>
    <message>
        <source>Urgent: acknowledge within (working days, 0 = same day)</source>
        <translation>紧急投诉受理期限（工作日，0 = 当日）</translation>
    </message>
    <message>
        <source>Urgent: respond within (working days)</source>
        <translation>紧急投诉答复期限（工作日）</translation>
    </message>
    <message>
        <source>Longest extension (days)</source>
        <translation>最长延期（天）</translation>
    </message>
    <message>
        <source>Highlight cases due within (days)</source>
        <translation>临近期限提示（天）</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>安全</translation>
    </message>
    <message>
        <source>Wrong passwords before a lockout</source>
        <translation>锁定前允许的密码错误次数</translation>
    </message>
    <message>
        <source>Lockout (minutes)</source>
        <translation>锁定时长（分钟）</translation>
    </message>
    <message>
        <source>Lock the desk after idle (minutes)</source>
        <translation>空闲自动锁定（分钟）</translation>
    </message>
</context>
<context>
    <name>PolicyModel</name>
    <message>
        <source>Group</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>当前值</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>默认值</translation>
    </message>
    <message>
        <source>Last changed</source>
        <translation>最近修改</translation>
    </message>
</context>
<context>
    <name>PrintPreview</name>
    <message>
        <source>Preparing the preview…</source>
        <translation>正在准备打印预览…</translation>
    </message>
    <message>
        <source>Print preview</source>
        <translation>打印预览</translation>
    </message>
    <message>
        <source>The document was saved to %1.</source>
        <translation>文书已保存到 %1。</translation>
    </message>
</context>
<context>
    <name>ProfilePanel</name>
    <message>
        <source>Profile</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <source>Suitability</source>
        <translation>适当性</translation>
    </message>
    <message>
        <source>Eligibility for a credit account</source>
        <translation>开立信用账户条件</translation>
    </message>
    <message>
        <source>Related clients</source>
        <translation>关联客户</translation>
    </message>
    <message>
        <source> (masked)</source>
        <translation>（已脱敏）</translation>
    </message>
    <message>
        <source>(unassigned)</source>
        <translation>（未分配）</translation>
    </message>
    <message>
        <source>, archived</source>
        <translation>，已归档</translation>
    </message>
    <message>
        <source>Meets every condition</source>
        <translation>满足全部条件</translation>
    </message>
    <message>
        <source>Does not meet every condition</source>
        <translation>未满足全部条件</translation>
    </message>
</context>
<context>
    <name>RatioChart</name>
    <message>
        <source>No ratio history yet</source>
        <translation>暂无维持担保比例历史数据</translation>
    </message>
    <message>
        <source>Maintenance ratio</source>
        <translation>维持担保比例</translation>
    </message>
    <message>
        <source>Top-up target %1</source>
        <translation>追保目标线 %1</translation>
    </message>
    <message>
        <source>Warning line %1</source>
        <translation>警戒线 %1</translation>
    </message>
    <message>
        <source>Close-out line %1</source>
        <translation>平仓线 %1</translation>
    </message>
    <message>
        <source>Emergency line %1</source>
        <translation>紧急线 %1</translation>
    </message>
</context>
<context>
    <name>RegisterModel</name>
    <message>
        <source>Statement</source>
        <translation>对账单</translation>
    </message>
    <message>
        <source>Risk disclosure</source>
        <translation>风险揭示书</translation>
    </message>
    <message>
        <source>Margin-call notice</source>
        <translation>追加担保物通知书</translation>
    </message>
    <message>
        <source>Visit brief</source>
        <translation>客户拜访简报</translation>
    </message>
    <message>
        <source>Merged batch file</source>
        <translation>批量合并文件</translation>
    </message>
    <message>
        <source>Document no.</source>
        <translation>文书编号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Client no.</source>
        <translation>客户号</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Period / as of</source>
        <translation>期间 / 数据日期</translation>
    </message>
    <message>
        <source>Generated</source>
        <translation>生成时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>生成人</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>页数</translation>
    </message>
    <message>
        <source>Handed over</source>
        <translation>交付时间</translation>
    </message>
    <message>
        <source>Signed copy back</source>
        <translation>签字件收回</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>The day&apos;s data is written in one transaction, then the risk scan runs.</source>
        <translation>当日数据在一个事务中写入，随后运行风险扫描。</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>Importing the day&apos;s data…</source>
        <translation>正在导入当日数据…</translation>
    </message>
    <message>
        <source>The import failed and nothing was written: %1</source>
        <translation>导入失败，未写入任何数据：%1</translation>
    </message>
    <message>
        <source>The import was cancelled; nothing was written.</source>
        <translation>导入已取消，未写入任何数据。</translation>
    </message>
    <message>
        <source>The files changed since the check and now have errors; nothing was written.</source>
        <translation>检查后文件已被修改且出现错误，未写入任何数据。</translation>
    </message>
    <message>
        <source>Imported the data as of %1: %2 new warning(s), %3 level change(s).</source>
        <translation>已导入 %1 的数据：新增预警 %2 条，风险等级变化 %3 个。</translation>
    </message>
</context>
<context>
    <name>Sections</name>
    <message>
        <source>Risk warnings</source>
        <translation>风险预警</translation>
    </message>
    <message>
        <source>list every open risk warning of your clients: below the warning line, margin calls with their top-up deadline, emergencies, concentration, contracts due, expiring assessments, suitability, credit line use</source>
        <translation>列出您客户的全部未结风险预警：低于警戒线、追加担保物（含追保期限）、低于紧急线、持仓集中度、合约到期、风险测评到期、适当性、授信额度使用</translation>
    </message>
    <message>
        <source>record each contact with the client (phone, SMS, visit, letter) and what was said</source>
        <translation>记录每次与客户的联系（电话、短信、面访、信函）及沟通内容</translation>
    </message>
    <message>
        <source>resolve a warning with a note, or escalate it to the supervisor</source>
        <translation>填写说明后解除预警，或升级给营业部负责人</translation>
    </message>
    <message>
        <source>print the margin-call notices for a whole list of clients at once</source>
        <translation>为一批客户一次性打印追加担保物通知书</translation>
    </message>
    <message>
        <source>Meanwhile: the Today page counts open warnings, each client&apos;s file lists them, and the command rmdesk risk shows every figure and warning.</source>
        <translation>在此之前：“工作台”显示未结预警数量，客户档案中列出该客户的预警，命令 rmdesk risk 可查看全部指标和预警。</translation>
    </message>
    <message>
        <source>Callbacks</source>
        <translation>回访</translation>
    </message>
    <message>
        <source>plan callbacks from the rules (new credit account, yearly 10% quota, after a margin call or a complaint, VIP and high-net-worth care) and by hand</source>
        <translation>按规则（新开信用账户、年度 10% 抽样、追保或投诉之后、VIP 与高净值客户关怀）自动生成回访计划，也可手工添加</translation>
    </message>
    <message>
        <source>record a callback with the standard script (identity, account changes, no trading by staff, risk disclosure understood, no discretionary mandate), satisfaction and notes</source>
        <translation>按标准话术记录回访（身份确认、账户变动确认、无员工代客操作、已理解风险揭示、无全权委托）、满意度和备注</translation>
    </message>
    <message>
        <source>show overdue callbacks first and track the yearly quota</source>
        <translation>优先显示逾期回访，并跟踪年度回访比例</translation>
    </message>
    <message>
        <source>Meanwhile: the Today page counts callbacks due today and overdue.</source>
        <translation>在此之前：“工作台”显示今日到期和逾期的回访数量。</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>open a complaint case (TS + year + number) from any channel, incl. 12386</source>
        <translation>登记来自任何渠道（含 12386 热线）的投诉工单（TS + 年份 + 序号）</translation>
    </message>
    <message>
        <source>follow both clocks in working days: acknowledge within 1 day, respond within 15 (urgent: same day and 5), with pauses while waiting for the client</source>
        <translation>按工作日跟踪两个时限：1 日内受理、15 日内答复（紧急投诉：当日受理、5 日内答复），等待客户期间暂停计时</translation>
    </message>
    <message>
        <source>request extensions for supervisor approval; escalate overdue cases</source>
        <translation>申请延期并由营业部负责人审批；逾期工单自动升级</translation>
    </message>
    <message>
        <source>export the yearly statistics for the regulator</source>
        <translation>导出报送监管部门的年度统计</translation>
    </message>
    <message>
        <source>Meanwhile: the Today page counts open and overdue cases.</source>
        <translation>在此之前：“工作台”显示未结和逾期的投诉数量。</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>文书</translation>
    </message>
    <message>
        <source>print account statements, risk-disclosure letters, margin-call notices and visit briefing packs</source>
        <translation>打印对账单、风险揭示书、追加担保物通知书和客户拜访简报</translation>
    </message>
    <message>
        <source>print a batch for a filtered list of clients, with preview</source>
        <translation>为筛选出的一批客户批量打印，并可预览</translation>
    </message>
    <message>
        <source>keep the document register: who received what, when, and whether the signed copy came back</source>
        <translation>维护文书登记：谁在何时收到了什么文书，签字回执是否已收回</translation>
    </message>
    <message>
        <source>Meanwhile: the command rmdesk print produces each document as a PDF and registers it.</source>
        <translation>在此之前：命令 rmdesk print 可生成各类文书的 PDF 并登记。</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>search your clients by name, pinyin initials, client or account number</source>
        <translation>按姓名、拼音首字母、客户号或信用账号查找客户</translation>
    </message>
    <message>
        <source>open a client&apos;s file with figures, positions, contracts and the ratio chart</source>
        <translation>打开客户档案，查看各项指标、持仓、合约和维持担保比例走势图</translation>
    </message>
    <message>
        <source>Meanwhile: the command rmdesk risk lists every account with its figures.</source>
        <translation>在此之前：命令 rmdesk risk 可列出每个账户及其指标。</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>工作台</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>This desk</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Branch (printed on every document)</source>
        <translation>营业部信息（打印在每份文书上）</translation>
    </message>
    <message>
        <source>Branch &amp;name</source>
        <translation>营业部名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Address</source>
        <translation>地址(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>电话(&amp;P)</translation>
    </message>
    <message>
        <source>Policy settings</source>
        <translation>业务参数</translation>
    </message>
    <message>
        <source>Lines, deadlines and quotas of the branch. Double-click a value to change it; every change is recorded in the audit log. Lines are fractions: 1.40 means 140%.</source>
        <translation>营业部的各条线、期限和比例。双击数值即可修改，每次修改都记入审计日志。各条线以小数表示：1.40 即 140%。</translation>
    </message>
    <message>
        <source>Lines, deadlines and quotas of the branch. Only a supervisor can change them.</source>
        <translation>营业部的各条线、期限和比例。只有营业部负责人（合规）可以修改。</translation>
    </message>
    <message>
        <source>&amp;Save changes</source>
        <translation>保存修改(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Re-run the risk scan</source>
        <translation>重新扫描风险(&amp;R)</translation>
    </message>
    <message>
        <source>Recompute the latest day&apos;s figures and warnings with the settings as they are now.</source>
        <translation>按当前参数重新计算最近一日的各项指标和风险预警。</translation>
    </message>
    <message>
        <source>&amp;Discard changes</source>
        <translation>放弃修改(&amp;D)</translation>
    </message>
    <message>
        <source>Logged in as %1 · database %2 · data folder %3</source>
        <translation>当前用户 %1 · 数据库 %2 · 数据目录 %3</translation>
    </message>
    <message>
        <source>Unsaved settings</source>
        <translation>设置未保存</translation>
    </message>
    <message>
        <source>Some settings were changed but not saved. Quit and lose these changes?</source>
        <translation>有设置已修改但尚未保存。是否退出并放弃这些修改？</translation>
    </message>
    <message>
        <source>“%1” is not a valid value for %2 (%3).</source>
        <translation>“%1”不是“%2”的有效值（%3）。</translation>
    </message>
    <message>
        <source>The lines must keep emergency &lt; close-out &lt; warning ≤ top-up target.</source>
        <translation>各条线须满足：紧急线 &lt; 平仓线 &lt; 警戒线 ≤ 追保目标线。</translation>
    </message>
    <message>
        <source>The branch&apos;s name, address and phone cannot be empty.</source>
        <translation>营业部名称、地址和电话不能为空。</translation>
    </message>
    <message>
        <source>Saving the settings…</source>
        <translation>正在保存设置…</translation>
    </message>
    <message>
        <source>Saved %1 setting(s); each change is in the audit log. Lines and limits apply from the next import, or now with “Re-run the risk scan”.</source>
        <translation>已保存 %1 项设置，每项修改均已记入审计日志。新的线和限额自下次导入起生效，或点击“重新扫描风险”立即生效。</translation>
    </message>
    <message>
        <source>Re-running the risk scan…</source>
        <translation>正在重新扫描风险…</translation>
    </message>
    <message>
        <source>Nothing has been imported yet: there is nothing to scan.</source>
        <translation>尚未导入数据，没有可扫描的内容。</translation>
    </message>
    <message>
        <source>Risk scan of %1 done: %2 new warning(s), %3 level change(s).</source>
        <translation>%1 的风险扫描已完成：新增预警 %2 条，风险等级变化 %3 个。</translation>
    </message>
</context>
<context>
    <name>SourcePage</name>
    <message>
        <source>Choose the day&apos;s files</source>
        <translation>选择当日文件</translation>
    </message>
    <message>
        <source>The folder holds the core system&apos;s export (securities, clients, accounts, positions, contracts; .csv or .xlsx). Nothing is written until the files have been checked.</source>
        <translation>文件夹中存放核心系统的导出文件（证券、客户、信用账户、持仓、合约；.csv 或 .xlsx）。文件检查通过之前不会写入任何数据。</translation>
    </message>
    <message>
        <source>&amp;Folder</source>
        <translation>文件夹(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;As of</source>
        <translation>数据日期(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Folder of the day&apos;s files</source>
        <translation>当日文件所在文件夹</translation>
    </message>
    <message>
        <source>This folder does not exist.</source>
        <translation>该文件夹不存在。</translation>
    </message>
    <message>
        <source>Files in the folder: %1</source>
        <translation>文件夹中的文件：%1</translation>
    </message>
    <message>
        <source>The folder holds no .csv or .xlsx file.</source>
        <translation>文件夹中没有 .csv 或 .xlsx 文件。</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <source>Normal (≥ warning line)</source>
        <translation>正常（不低于警戒线）</translation>
    </message>
    <message>
        <source>Below the warning line</source>
        <translation>低于警戒线</translation>
    </message>
    <message>
        <source>Below the close-out line</source>
        <translation>低于平仓线</translation>
    </message>
    <message>
        <source>Below the emergency line</source>
        <translation>低于紧急线</translation>
    </message>
    <message>
        <source>Margin call</source>
        <translation>追加担保物</translation>
    </message>
    <message>
        <source>Concentration above the limit</source>
        <translation>持仓集中度超限</translation>
    </message>
    <message>
        <source>Contract due soon</source>
        <translation>合约即将到期</translation>
    </message>
    <message>
        <source>Risk assessment expiring</source>
        <translation>风险测评即将过期</translation>
    </message>
    <message>
        <source>Suitability mismatch</source>
        <translation>适当性不匹配</translation>
    </message>
    <message>
        <source>Credit line nearly used up</source>
        <translation>授信额度使用率过高</translation>
    </message>
    <message>
        <source>Data as of %1 · today %2</source>
        <translation>数据日期 %1 · 今天 %2</translation>
    </message>
    <message>
        <source>No data imported yet · today %2</source>
        <translation>尚未导入数据 · 今天 %2</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>工作台</translation>
    </message>
    <message>
        <source>The branch&apos;s book</source>
        <translation>全营业部客户</translation>
    </message>
    <message>
        <source>My book</source>
        <translation>我的客户</translation>
    </message>
    <message>
        <source>Credit accounts by maintenance ratio</source>
        <translation>信用账户（按维持担保比例）</translation>
    </message>
    <message>
        <source>Work waiting</source>
        <translation>待办事项</translation>
    </message>
    <message>
        <source>Nothing has been imported yet. Open Import to load the day&apos;s files from the core system.</source>
        <translation>尚未导入任何数据。请打开“导入”，载入核心系统的当日文件。</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Credit accounts</source>
        <translation>信用账户</translation>
    </message>
    <message>
        <source>Open risk warnings</source>
        <translation>未结风险预警</translation>
    </message>
    <message>
        <source>Warnings past their deadline</source>
        <translation>已过期限的预警</translation>
    </message>
    <message>
        <source>Callbacks due today</source>
        <translation>今日到期回访</translation>
    </message>
    <message>
        <source>Callbacks overdue</source>
        <translation>逾期回访</translation>
    </message>
    <message>
        <source>Open complaint cases</source>
        <translation>未结投诉</translation>
    </message>
    <message>
        <source>Cases past a deadline</source>
        <translation>已超时限的投诉</translation>
    </message>
    <message>
        <source>Open warnings by kind</source>
        <translation>未结预警（按类型）</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Desk locked</source>
        <translation>工作台已锁定</translation>
    </message>
    <message>
        <source>The desk was locked after a period of inactivity. Enter the password of %1 (%2) to continue.</source>
        <translation>工作台因长时间无操作已锁定。请输入 %1（%2）的密码以继续。</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
</context>
<context>
    <name>Upgrade</name>
    <message>
        <source>rmdesk</source>
        <translation>rmdesk</translation>
    </message>
    <message>
        <source>Upgrading the database to this version of rmdesk…
A copy of the database is kept beside it first. This can take a minute.</source>
        <translation>正在将数据库升级到当前版本的 rmdesk…
升级前会先在同一目录保留一份数据库副本，可能需要一分钟左右。</translation>
    </message>
</context>
</TS>
