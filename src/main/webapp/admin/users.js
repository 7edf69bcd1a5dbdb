import {api, attempt, boot, buttons, formValues, notify, roleName, rowButton, session, time} from './app.js';

const me = await boot('users');
if (me && me.role !== 'SUPER_ADMIN') location.href = 'index.html';
const modal = new bootstrap.Modal(document.getElementById('userModal'));
const form = document.getElementById('userForm');

const table = new Tabulator('#users', {
  layout: 'fitColumns',
  placeholder: '没有用户',
  index: 'username',
  columns: [
    {title: '用户名', field: 'username'},
    {title: '角色', field: 'role', formatter: (c) => roleName(c.getValue())},
    {title: '状态', field: 'enabled', formatter: (c) => c.getValue() ? '启用' : '停用'},
    {title: '创建时间', field: 'createdAt', formatter: (c) => time(c.getValue())},
    {title: '操作', field: 'username', headerSort: false, width: 170, formatter: buttons((u) => [
      rowButton('修改', 'outline-primary', () => open(u), {dataset: {action: 'edit'}}),
      u.username !== session.me.username && rowButton('删除', 'outline-danger', () => remove(u), {dataset: {action: 'delete'}}),
    ])},
  ],
});

async function reload() {
  const list = await attempt(() => api('GET', 'admin/users'));
  if (list) await table.replaceData(list);
}

function open(user) {
  form.reset();
  document.getElementById('userError').textContent = '';
  document.getElementById('userTitle').textContent = user ? `修改 ${user.username}` : '新建用户';
  form.username.readOnly = !!user;
  if (user) {
    form.username.value = user.username;
    form.role.value = user.role;
  }
  modal.show();
}

async function remove(user) {
  if (!confirm(`删除用户 ${user.username}？`)) return;
  if (await attempt(() => api('DELETE', `admin/users/${encodeURIComponent(user.username)}`), '已删除') !== undefined) reload();
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const v = formValues(form);
  try {
    await api('PUT', `admin/users/${encodeURIComponent(v.username.trim())}`, {password: v.password, role: v.role});
    modal.hide();
    notify('已保存');
    reload();
  } catch (err) {
    document.getElementById('userError').textContent = err.message;
  }
});
document.getElementById('newUser')?.addEventListener('click', () => open(null));
reload();
