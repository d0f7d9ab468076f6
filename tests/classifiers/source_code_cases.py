"""Labelled texts for the SOURCE_CODE detector: (id, text, expected language or None)."""

from __future__ import annotations

PYTHON = '''\
import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass
class Invoice:
    """One customer invoice."""

    number: str
    total_cents: int

    def with_tax(self, rate: float) -> int:
        if rate < 0:
            raise ValueError("negative rate")
        return round(self.total_cents * (1 + rate))
'''

JAVASCRIPT = """\
const express = require('express');
const app = express();

app.get('/health', (req, res) => {
  res.json({ ok: true, uptime: process.uptime() });
});

app.listen(3000, () => console.log('listening on 3000'));
"""

TYPESCRIPT = """\
export interface User {
  id: number;
  email: string;
  active: boolean;
}

export function activeEmails(users: User[]): string[] {
  return users.filter((u) => u.active).map((u) => u.email);
}
"""

JAVA = """\
package com.acme.billing;

import java.util.List;

public class InvoiceService {
    private final InvoiceRepository repo;

    public InvoiceService(InvoiceRepository repo) {
        this.repo = repo;
    }

    @Override
    public String toString() {
        return "InvoiceService";
    }
}
"""

GO = """\
package main

import (
\t"fmt"
\t"os"
)

func main() {
\tdata, err := os.ReadFile("config.json")
\tif err != nil {
\t\tfmt.Println("read failed:", err)
\t\tos.Exit(1)
\t}
\tfmt.Println(len(data))
}
"""

C = """\
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    char *buf = malloc(64);
    if (buf == NULL) {
        return 1;
    }
    printf("%s\\n", argv[0]);
    free(buf);
    return 0;
}
"""

CPP = """\
#include <iostream>
#include <vector>

template <typename T>
T sum(const std::vector<T>& xs) {
    T total{};
    for (const auto& x : xs) total += x;
    return total;
}

int main() {
    std::cout << sum(std::vector<int>{1, 2, 3}) << std::endl;
}
"""

CSHARP = """\
using System;
using System.Threading.Tasks;

namespace Acme.Orders
{
    public class Order
    {
        public int Id { get; set; }
        public string Customer { get; set; }

        public async Task SaveAsync()
        {
            Console.WriteLine($"saving {Id}");
            await Task.Delay(10);
        }
    }
}
"""

RUBY = """\
require 'json'

class Greeter
  attr_accessor :name

  def initialize(name)
    @name = name
  end

  def greet
    [1, 2].each do |i|
      puts "Hello #{@name} #{i}"
    end
  end
end
"""

PHP = """\
<?php
namespace App\\Http\\Controllers;

class UserController extends Controller
{
    public function show($id)
    {
        $user = User::findOrFail($id);
        return view('user.profile', ['user' => $user]);
    }
}
"""

RUST = """\
use std::collections::HashMap;

#[derive(Debug)]
pub struct Counter {
    counts: HashMap<String, u32>,
}

impl Counter {
    pub fn add(&mut self, word: &str) {
        let mut entry = self.counts.entry(word.to_string()).or_insert(0);
        *entry += 1;
        println!("{} -> {}", word, entry);
    }
}
"""

KOTLIN = """\
package com.acme.app

data class Account(val id: Long, val owner: String)

fun main() {
    val accounts = listOf(Account(1, "ann"), Account(2, "bob"))
    accounts.filter { it.id > 1 }.forEach { println(it.owner) }
    val total = accounts.sumOf { it.id }
    println("total=$total")
}
"""

SWIFT = """\
import Foundation

struct Temperature {
    var celsius: Double
}

func describe(_ t: Temperature?) -> String {
    guard let t = t else { return "unknown" }
    let f = t.celsius * 9 / 5 + 32
    return "\\(f) F"
}
"""

SCALA = """\
import scala.collection.mutable

case class Point(x: Int, y: Int)

object Geometry extends App {
  def dist(a: Point, b: Point): Double = math.hypot(a.x - b.x, a.y - b.y)
  val pts = List(Point(0, 0), Point(3, 4))
  println(dist(pts(0), pts(1)))
}
"""

SQL = """\
SELECT c.id, c.email, SUM(o.total) AS revenue
FROM customers c
JOIN orders o ON o.customer_id = c.id
WHERE o.created_at >= '2024-01-01'
GROUP BY c.id, c.email
ORDER BY revenue DESC
LIMIT 50;
"""

SHELL = """\
#!/usr/bin/env bash
set -euo pipefail

for f in "$@"; do
  if [ ! -f "$f" ]; then
    echo "missing: $f" >&2
    exit 1
  fi
  gzip -9 "$f"
done
"""

POWERSHELL = """\
param(
    [string]$Path = "C:\\logs"
)

Get-ChildItem -Path $Path -Filter *.log |
    Where-Object { $_.LastWriteTime -lt (Get-Date).AddDays(-30) } |
    Remove-Item -Force
Write-Host "done"
"""

TERRAFORM = """\
provider "aws" {
  region = var.region
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs-${var.env}"
  tags = {
    Team = "platform"
  }
}
"""

DOCKERFILE = """\
FROM python:3.11-slim AS base
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
EXPOSE 8080
CMD ["python", "-m", "app"]
"""

CSS = """\
.card {
  display: flex;
  padding: 12px;
}

.card > .title {
  font-weight: 600;
  color: #333;
}
"""

DIFF = """\
diff --git a/billing/tax.py b/billing/tax.py
index 3b18e51..a9c2f0d 100644
--- a/billing/tax.py
+++ b/billing/tax.py
@@ -10,7 +10,9 @@ def compute(order):
     subtotal = sum(line.amount for line in order.lines)
-    rate = 0.2
+    rate = lookup_rate(order.region)
+    if rate is None:
+        raise MissingRate(order.region)
     return subtotal * rate
"""

SNIPPET_5_LINES = """\
def retry(fn, attempts=3):
    for i in range(attempts):
        try:
            return fn()
        except IOError:
            continue
"""

FENCED_IN_CHAT = """\
Hey, here is the fix for the parser, can you review?

```python
def parse(line):
    key, _, value = line.partition("=")
    return key.strip(), value.strip()
```

Thanks!
"""

FENCED_UNTAGGED = """\
Try this:

```
for (let i = 0; i < items.length; i++) {
  total += items[i].price;
}
console.log(total);
```
"""

JIRA_CODE = """\
h2. Steps to reproduce
Run the job below against staging.
{code:java}
public static void main(String[] args) {
    System.out.println(new Job().run());
}
{code}
"""

POSITIVES: list[tuple[str, str, str]] = [
    ("python", PYTHON, "python"),
    ("javascript", JAVASCRIPT, "javascript"),
    ("typescript", TYPESCRIPT, "typescript"),
    ("java", JAVA, "java"),
    ("go", GO, "go"),
    ("c", C, "c"),
    ("cpp", CPP, "cpp"),
    ("csharp", CSHARP, "csharp"),
    ("ruby", RUBY, "ruby"),
    ("php", PHP, "php"),
    ("rust", RUST, "rust"),
    ("kotlin", KOTLIN, "kotlin"),
    ("swift", SWIFT, "swift"),
    ("scala", SCALA, "scala"),
    ("sql", SQL, "sql"),
    ("shell", SHELL, "shell"),
    ("powershell", POWERSHELL, "powershell"),
    ("terraform", TERRAFORM, "terraform"),
    ("dockerfile", DOCKERFILE, "dockerfile"),
    ("css", CSS, "css"),
    ("diff", DIFF, "python"),
    ("five-line-snippet", SNIPPET_5_LINES, "python"),
    ("fenced-in-chat", FENCED_IN_CHAT, "python"),
    ("fenced-untagged", FENCED_UNTAGGED, "javascript"),
    ("jira-code-macro", JIRA_CODE, "java"),
    ("fenced-tag-only", "See:\n```rust\nlet x = compute();\n```\nand tell me what you think of it.", "rust"),
]

NEGATIVES: list[tuple[str, str]] = [
    (
        "prose",
        "The quarterly review went well; revenue grew in every region and the team hit its goals.\n"
        "Next quarter we will focus on retention (especially in EMEA) and on hiring two engineers.\n"
        "Please send comments to the finance channel by Friday.",
    ),
    (
        "slack-mention",
        "hey, did you try calling foo() before the deploy? it fixed it for me last time; lmk",
    ),
    (
        "json",
        '{\n  "id": 42,\n  "name": "Ada Lovelace",\n  "tags": ["admin", "ops"],\n'
        '  "address": {"city": "London", "zip": "N1 9GU"},\n  "active": true\n}',
    ),
    (
        "json-array",
        '[\n  {"sku": "A-1", "qty": 3, "price": 9.99},\n  {"sku": "B-7", "qty": 1, "price": 19.5},\n'
        '  {"sku": "C-3", "qty": 12, "price": 0.25}\n]',
    ),
    (
        "app-log",
        "2024-05-01 12:00:01,123 INFO  [main] c.a.Billing - started in 2.3s (pid=4411)\n"
        "2024-05-01 12:00:02,010 WARN  [pool-1] c.a.Billing - retrying call(id=7); attempt=2\n"
        "2024-05-01 12:00:03,500 ERROR [pool-1] c.a.Billing - failed: {code=503, msg=unavailable}\n"
        "2024-05-01 12:00:04,000 INFO  [main] c.a.Billing - shutdown() complete",
    ),
    (
        "java-stack-trace",
        'Exception in thread "main" java.lang.IllegalStateException: boom\n'
        "\tat com.acme.billing.InvoiceService.compute(InvoiceService.java:42)\n"
        "\tat com.acme.billing.InvoiceService.run(InvoiceService.java:17)\n"
        "\tat com.acme.Main.main(Main.java:9)\n"
        "Caused by: java.io.IOException: disk full\n"
        "\tat java.base/java.io.FileOutputStream.writeBytes(Native Method)\n"
        "\t... 3 more",
    ),
    (
        "python-traceback",
        "Traceback (most recent call last):\n"
        '  File "/app/worker.py", line 88, in <module>\n'
        "    main()\n"
        '  File "/app/worker.py", line 80, in main\n'
        "    result = process(batch, retries=3)\n"
        '  File "/app/worker.py", line 51, in process\n'
        "    return int(row['amount'])\n"
        "ValueError: invalid literal for int() with base 10: 'n/a'",
    ),
    (
        "node-stack",
        "TypeError: Cannot read properties of undefined (reading 'id')\n"
        "    at getUser (/srv/app/users.js:14:22)\n"
        "    at Layer.handle [as handle_request] (/srv/app/node_modules/express/lib/router/layer.js:95:5)\n"
        "    at next (/srv/app/node_modules/express/lib/router/route.js:149:13)\n"
        "    at /srv/app/index.js:30:7",
    ),
    (
        "email",
        "From: Dana Scott <dana@example.com>\nTo: ops@example.com\nSubject: Re: outage (INC-2231)\n\n"
        "Hi team,\n\nThe root cause was a full disk on db-3; we rotated the logs and it recovered.\n"
        "Action items: add an alert (>85%) and review retention = 7 days.\n\nThanks,\nDana",
    ),
    (
        "csv",
        "id,name,email,amount,currency\n1,Ann Lee,ann@example.com,10.50,USD\n"
        "2,Bob Ray,bob@example.com,7.25,EUR\n3,Cy Twombly,cy@example.com,99.00,USD\n"
        "4,Di Ng,di@example.com,1.00,GBP",
    ),
    (
        "csv-semicolon",
        "id;name;city;amount\n1;Ann;Paris;10,50\n2;Bob;Lyon;7,25\n3;Cy;Nice;99,00\n4;Di;Lille;1,00",
    ),
    (
        "markdown",
        "# Release notes\n\n## 2.4.0\n\n- Faster exports (up to 3x)\n- New `--dry-run` flag for the "
        "importer\n- Fixed a crash when the config file was empty; see [#311](https://example.com/311)\n\n"
        "**Upgrade:** run the migration once, then restart the workers.",
    ),
    (
        "jira",
        "h2. Summary\nCustomer cannot export invoices (PDF) since 2.4.0; error = timeout.\n\n"
        "h3. Steps\n# Log in as [~ann.lee]\n# Open *Billing > Invoices*\n# Click {color:red}Export{color}\n\n"
        "h3. Expected\nA PDF download within 10s.\n\n*Priority:* High; affects 3 enterprise tenants.",
    ),
    (
        "url-list",
        "https://example.com/search?q=invoice&page=2\nhttps://docs.example.org/api/v2/users?id=7&sort=asc\n"
        "https://cdn.example.net/a/b/c.js?v=1.2.3\nhttp://intranet.local/wiki/Page_(disambiguation)",
    ),
    (
        "yaml-config",
        "server:\n  port: 8080\n  host: 0.0.0.0\ndatabase:\n  url: postgres://db:5432/app\n"
        "  pool: 10\nfeatures:\n  - exports\n  - billing",
    ),
    (
        "env-file",
        "DB_HOST=localhost\nDB_PORT=5432\nDB_USER=app\nLOG_LEVEL=info\nFEATURE_EXPORTS=true",
    ),
    (
        "fenced-json",
        'Response:\n```json\n{\n  "status": "ok",\n  "items": [1, 2, 3],\n  "next": null\n}\n```',
    ),
    (
        "fenced-log",
        "Output:\n```\n2024-05-01 12:00:01 INFO started\n2024-05-01 12:00:02 ERROR failed (code=3)\n"
        "2024-05-01 12:00:03 INFO retry();\n```",
    ),
    (
        "math-prose",
        "If x = 3 and y = 4 then x + y = 7; also (x * y) = 12.\nSo the answer to question (b) is 12.\n"
        "For (c), divide: 12 / 4 = 3.",
    ),
    (
        "meeting-notes",
        "Notes 12/05:\n- Ann: finish export() refactor by Fri;\n- Bob: on-call (week 20)\n"
        "- decision: keep retention = 30d\n- next sync: Tue 10:00",
    ),
]

NEGATIVES += [
    (
        "legal-semicolons",
        "The Supplier shall (a) deliver the Goods on the Delivery Date; (b) ensure the Goods conform\n"
        "to the Specification; and (c) notify the Customer of any delay (in writing) without undue delay;\n"
        "provided that clause 4.2 = the exclusive remedy for late delivery.",
    ),
    (
        "chat-inline-code",
        "ok so `getUser()` returns null when the cache is cold, and `refresh()` never runs;\n"
        "I think we need `await refresh()` in the handler (see PR #88). thoughts?\n"
        "also the flag `--no-cache` = same behaviour.",
    ),
    (
        "sql-like-prose",
        "Select the rows from the report where the region is EMEA, then\n"
        "update the forecast and delete from the sheet anything older than 2022.\n"
        "Order by revenue when you are done (descending).",
    ),
    (
        "html-email",
        "<html><body><p>Hi Ann,</p><p>Your invoice <b>#1234</b> is ready.</p>\n"
        '<p><a href="https://example.com/i/1234">View invoice</a></p>\n'
        "<p>Thanks,<br>Billing</p></body></html>",
    ),
    (
        "go-panic",
        "panic: runtime error: index out of range [3] with length 3\n\ngoroutine 1 [running]:\n"
        "main.process(...)\n\t/app/main.go:27 +0x1d\nmain.main()\n\t/app/main.go:12 +0x25\n"
        "exit status 2",
    ),
    (
        "function-name-list",
        "Affected functions: parse(), render(), save(), load(), export_csv(), import_csv().\n"
        "Owners: Ann (parse, render), Bob (save, load); Cy (export/import).",
    ),
    (
        "key-value-report",
        "status = degraded\nregion = eu-west-1\nerror_rate = 4.2%\nlatency_p99 = 830ms\nowner = @ann",
    ),
    (
        "github-issue",
        "### Describe the bug\nExporting a report with more than 10k rows times out (HTTP 504).\n\n"
        "### To reproduce\n1. Create a report with 12k rows\n2. Click Export > CSV\n3. Wait 60s\n\n"
        "### Expected behavior\nThe export finishes; maybe stream it (chunked) instead?",
    ),
]

NEGATIVES += [
    (
        "json-fragment",  # a slice of a large JSON document does not parse, but is still data
        ' "createOnlyProperties": [\n  "/properties/LicenseEndpointId",\n  "/properties/ProductId"\n ],\n'
        ' "properties": {\n  "Arn": {\n   "type": "string"\n  },\n  "Port": {\n   "maximum": 65535,\n'
        '   "type": "integer"\n  },\n  "Family": {\n   "type": "string"\n  }\n },',
    ),
    (
        "yaml-schema",
        "  properties:\n    template-id:\n      type: string\n    region:\n      type: string\n"
        "    description:\n      type: string\n    version:\n      type: number\n  required:\n    - region",
    ),
]
